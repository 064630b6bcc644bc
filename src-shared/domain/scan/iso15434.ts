import { readNumber } from './bare';
import type { ScanError, TextReading } from './model';
import { tokenize, withoutControls } from './normalize';
import { isUps1z } from './ups';

const RS = '\u001e';
const GS = '\u001d';
/** ISO 15434 envelope `[)>` RS, as UPS MaxiCode and FedEx PDF417 labels start. */
const ENVELOPE = '[)>';
/** Format 01 record start; some readers send it without the envelope around it. */
const TRANSPORT_RECORD = '01' + GS;
const FEDEX_SCAC = /^F[DX]/;
const UPS_SHORT_1Z = /^1Z[0-9A-Z]{8}$/;
const SHIPPER = /^[0-9A-Z]{6}$/;
const SERVICE_CLASS = /^\d{3}$/;
/** Wedges that cannot type control characters drop them; UPS fields are still findable by shape. */
const UPS_WITHOUT_SEPARATORS = /(\d{3})(1Z[0-9A-Z]{16}|1Z[0-9A-Z]{8})UPSN([0-9A-Z]{6})/;

const none = (error: ScanError): TextReading => ({ readings: [], error });

export const isIso15434 = (text: string): boolean => text.startsWith(ENVELOPE) || text.startsWith(TRANSPORT_RECORD);

/**
 * UPS MaxiCode carries 1Z + the last 8 characters; the full number is 1Z + shipper number + the last two
 * digits of the class of service + those 8 (inferred from public labels, so the check digit must confirm it).
 */
function rebuildUps(tracking: string, service: string, shipper: string): TextReading {
  const full =
    UPS_SHORT_1Z.test(tracking) && SERVICE_CLASS.test(service) && SHIPPER.test(shipper) ? `1Z${shipper}${service.slice(1)}${tracking.slice(2)}` : tracking;
  return isUps1z(full) ? { readings: [[{ carrier: 'ups', trackingNumber: full, format: 'ups_maxicode' }]], error: null } : none('maxicode_unreconstructable');
}

function readWithoutSeparators(payload: string): TextReading {
  const flat = withoutControls(payload).toUpperCase();
  const ups = UPS_WITHOUT_SEPARATORS.exec(flat);
  if (ups) return rebuildUps(ups[2], ups[1], ups[3]);
  return none(flat.includes('UPSN') ? 'maxicode_unreconstructable' : 'no_valid_match');
}

/**
 * Format 01 (transportation) record: [01, version+postal code, country, class of service, tracking number,
 * SCAC, shipper number, ...]. The SCAC says whose number the tracking field is.
 */
export function readIso15434(payload: string): TextReading {
  const record = payload.split(RS).find((r) => r.startsWith(TRANSPORT_RECORD));
  if (!record) return readWithoutSeparators(payload);
  const field = record.split(GS).map((f) => f.trim().toUpperCase());
  const [, , , service = '', tracking = '', scac = '', shipper = ''] = field;
  if (scac.startsWith('UPS')) return rebuildUps(tokenize(tracking).compact, service, shipper);
  const carrier = FEDEX_SCAC.test(scac) ? 'fedex' : null;
  const readings = readNumber(tokenize(tracking)).filter((r) => carrier === null || r[0].carrier === carrier);
  return readings.length > 0 ? { readings, error: null } : none('no_valid_match');
}
