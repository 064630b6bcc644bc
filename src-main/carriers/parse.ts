/**
 * Parses a saved carrier response body (JSON or XML text) with that carrier's mapper; backs
 * `waybill track parse --carrier X FILE`. Never throws for a bad body; throws only for an unknown carrier.
 */
import { parseTracking as parseAfterShip } from './aftership/mapper';
import { parseTracking as parseAustraliaPost } from './australiapost/mapper';
import { parseTracking as parseCanadaPost } from './canadapost/mapper';
import { parseTracking as parseDhl } from './dhl/mapper';
import { parseTracking as parseEasyPost } from './easypost/mapper';
import { failure, kindFromHttp, onlyErrors } from './failures';
import { parseTracking as parseFedex } from './fedex/mapper';
import type { ParseContext, ParsedTracking } from './types';
import { parseTracking as parseUps } from './ups/mapper';
import { parseTracking as parseUsps } from './usps/mapper';

type Mapper = (body: unknown, ctx: ParseContext) => ParsedTracking;

interface MapperEntry {
  parse: Mapper;
  /** XML carriers receive the raw text; JSON carriers a parsed value. */
  format: 'json' | 'xml';
}

/** Carrier names as the CLI accepts them, including the fixture folder spellings. */
const MAPPERS: Readonly<Record<string, MapperEntry>> = Object.freeze({
  ups: { parse: parseUps, format: 'json' },
  fedex: { parse: parseFedex, format: 'json' },
  usps: { parse: parseUsps, format: 'json' },
  usps_v3: { parse: parseUsps, format: 'json' },
  dhl: { parse: parseDhl, format: 'json' },
  dhl_unified: { parse: parseDhl, format: 'json' },
  easypost: { parse: parseEasyPost, format: 'json' },
  aftership: { parse: parseAfterShip, format: 'json' },
  canada_post: { parse: parseCanadaPost, format: 'xml' },
  canadapost: { parse: parseCanadaPost, format: 'xml' },
  australia_post: { parse: parseAustraliaPost, format: 'json' },
  australiapost: { parse: parseAustraliaPost, format: 'json' },
});

export const SUPPORTED_CARRIERS: readonly string[] = Object.freeze(Object.keys(MAPPERS));

export function parseCarrierPayload(carrier: string, text: string, httpStatus = 200): ParsedTracking {
  const key = carrier.trim().toLowerCase().replace(/-/g, '_');
  const entry = Object.hasOwn(MAPPERS, key) ? MAPPERS[key] : undefined;
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
    return entry.parse(body, ctx);
  } catch (error) {
    return onlyErrors(failure('bad_payload', 'mapper_failed', error instanceof Error ? error.message : String(error)));
  }
}
