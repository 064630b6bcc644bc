import type { ScanVerdict } from '../../api/reconcile';

/** Every verdict but a match needs a person to act on the parcel, so it holds the line until acknowledged. */
export const stopsTheLine = (verdict: ScanVerdict): boolean => verdict !== 'matched';

/** Keys a station may set to acknowledge a stopping verdict: none of them can come out of a wedge scanner. */
export const ACKNOWLEDGE_KEYS = ['Escape', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12', 'Insert', 'Delete', 'Pause'] as const;
export type AcknowledgeKey = (typeof ACKNOWLEDGE_KEYS)[number];
export const DEFAULT_ACKNOWLEDGE_KEY: AcknowledgeKey = 'Escape';

/** Scanner output is compared as a person reads a label: case and spaces do not count. */
const normalize = (raw: string) => raw.replace(/\s+/g, '').toUpperCase();

/** Scanning the parcel that stopped the line once more acknowledges it (its raw text or the number read from it). */
export function isSameParcel(stopped: { raw: string; trackingNumber: string | null }, raw: string): boolean {
  const scanned = normalize(raw);
  if (!scanned) return false;
  return scanned === normalize(stopped.raw) || (stopped.trackingNumber !== null && scanned === normalize(stopped.trackingNumber));
}
