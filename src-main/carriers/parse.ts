/**
 * Parses a saved carrier response body (JSON or XML text) with that carrier's mapper; backs
 * `waybill track parse --carrier X FILE`. Never throws for a bad body; throws only for an unknown carrier.
 */
import { parseTracking as parseAfterShip } from './aftership/mapper';
import type { CarrierManifest } from './carrier-manifest';
import { failure, kindFromHttp, onlyErrors } from './failures';
import { CARRIER_MANIFESTS } from './registry';
import type { ParseContext, ParsedTracking } from './types';

type MapperEntry = CarrierManifest['parse'];

/** Carrier names as the CLI accepts them: every account's id and its fixture folder spellings, plus AfterShip. */
const MAPPERS: ReadonlyMap<string, MapperEntry> = new Map([
  ...Object.entries(CARRIER_MANIFESTS).flatMap(([id, manifest]) =>
    [id, ...manifest.parse.aliases].map((name): [string, MapperEntry] => [name, manifest.parse]),
  ),
  // AfterShip is read from saved responses only: it is no account the console polls.
  ['aftership', { mapper: parseAfterShip, format: 'json', aliases: [] }],
]);

export const SUPPORTED_CARRIERS: readonly string[] = Object.freeze([...MAPPERS.keys()]);

export function parseCarrierPayload(carrier: string, text: string, httpStatus = 200): ParsedTracking {
  const key = carrier.trim().toLowerCase().replace(/-/g, '_');
  const entry = MAPPERS.get(key);
  if (!entry) throw new Error(`Unknown carrier "${carrier}"; expected one of: ${SUPPORTED_CARRIERS.join(', ')}`);
  const ctx: ParseContext = { httpStatus, requested: [] };
  let body: unknown = text;
  if (entry.format === 'json') {
    try {
      body = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      // A gateway's HTML error page on 429/5xx is still a rate limit / outage, not a bad payload.
      return onlyErrors(failure(kindFromHttp(httpStatus) ?? 'bad_payload', 'unparseable', `Body is not JSON (HTTP ${httpStatus})`));
    }
  }
  try {
    return entry.mapper(body, ctx);
  } catch (error) {
    return onlyErrors(failure('bad_payload', 'mapper_failed', error instanceof Error ? error.message : String(error)));
  }
}
