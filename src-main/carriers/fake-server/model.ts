import type { IncomingHttpHeaders } from 'node:http';
import type { TrackingAccount } from '../../../src-shared/domain/tracking/carriers';
import type { TrackingStatus } from '../../../src-shared/domain/tracking/status';

/** The fake server speaks for every carrier account. */
export type FakeCarrierName = TrackingAccount;

export interface FakeLocation {
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2. */
  country?: string | null;
  /** The place's UTC offset ("-05:00"), used for the carriers that report local wall time; default "+00:00". */
  utcOffset?: string;
}

/**
 * One scripted scan: `code` is the carrier's own event code, `status` the model status it stands for.
 * DHL's wire format has no event code (only its statusCode enum, derived from `status`), so DHL ignores `code`.
 */
export interface FakeEvent {
  /** Milliseconds since epoch; the event is visible once the server's clock reaches it. */
  at: number;
  code: string;
  description: string;
  location: FakeLocation | null;
  status: TrackingStatus;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export type Credentials = Record<string, string>;

/** What the server knows about one number when a carrier builder renders it. */
export interface FakeParcel {
  trackingNumber: string;
  /**
   * Scripted events already visible at the server's now, in the order the answer lists them (oldest first unless
   * a fault shuffles or repeats them); empty when nothing is visible or scripted.
   */
  events: FakeEvent[];
  /** The carrier failed to look this number up: its per-item error in place of its history (`itemErrors` carriers). */
  failed?: true;
}

/** A route on one carrier's track endpoint: which numbers it asks for and how the carrier answers. */
export interface FakeTrackRoute {
  method: string;
  matches(path: string): boolean;
  numbers(req: FakeRequest): string[];
  render(req: FakeRequest, parcels: FakeParcel[], now: number): FakeResponse;
}

/** One carrier's wire format; index.ts owns faults, tokens and timelines and calls into this. */
export interface FakeCarrierSpec {
  /** Present for OAuth carriers: where tokens are issued and what a grant looks like. */
  token?: {
    path: string;
    credentials(req: FakeRequest): Credentials | null;
    grant(accessToken: string, nowMs: number, credentials: Credentials): unknown;
    lifetimeSeconds: number;
    rejected(): FakeResponse;
  };
  /** API-key carriers: the key presented on the track request itself. */
  keyCredentials?(req: FakeRequest): Credentials | null;
  track: FakeTrackRoute;
  /** Extra read-only routes (EasyPost's tracker list) that need auth but no timeline lookup. */
  extra?: FakeTrackRoute;
  /** The carrier answers several numbers a request and can fail one of them alone (render reads `failed`). */
  itemErrors?: boolean;
  unauthorized(): FakeResponse;
  rateLimited(): FakeResponse;
  serverError(): FakeResponse;
}

export function json(status: number, value: unknown, contentType = 'application/json'): FakeResponse {
  return { status, body: JSON.stringify(value), headers: { 'Content-Type': contentType } };
}

export function offsetMinutes(utcOffset: string | undefined): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The event's wall-clock time at its location, split the ways carriers print it. */
export function localTime(event: FakeEvent): { date: string; time: string; iso: string; offset: string } {
  const offset = event.location?.utcOffset ?? '+00:00';
  const wall = new Date(event.at + offsetMinutes(offset) * 60_000).toISOString().slice(0, 19);
  return { date: wall.slice(0, 10), time: wall.slice(11, 19), iso: wall, offset };
}

/** UTC instant without milliseconds, as carriers print it. */
export function utcIso(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19)}Z`;
}

/** The newest event by time: what a carrier's status field reports, however the answer lists its events. */
export function latest(parcel: FakeParcel): FakeEvent | undefined {
  return parcel.events.reduce<FakeEvent | undefined>((newest, e) => (newest === undefined || e.at >= newest.at ? e : newest), undefined);
}

export function earliest(parcel: FakeParcel): FakeEvent | undefined {
  return parcel.events.reduce<FakeEvent | undefined>((oldest, e) => (oldest === undefined || e.at < oldest.at ? e : oldest), undefined);
}

/** The listing carriers print newest first: the answer's order reversed (so a shuffled answer stays shuffled). */
export function newestFirst(parcel: FakeParcel): FakeEvent[] {
  return [...parcel.events].reverse();
}

export function bearerToken(req: FakeRequest): string | null {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

export function basicCredentials(req: FakeRequest): { user: string; password: string } | null {
  const match = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Reads a form or JSON body into string fields, whichever the client sent. */
export function bodyFields(req: FakeRequest): Record<string, string> {
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      const value = JSON.parse(req.body) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(req.body));
}
