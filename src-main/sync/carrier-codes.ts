import { CARRIERS, type Carrier } from '../../src-shared/domain/tracking/status';

/** Lower case, `_` for spaces, hyphens and dots: "DHL Express" and "dhl-express" are one code. */
export const normalizeCode = (code: string): string =>
  code
    .trim()
    .toLowerCase()
    .replace(/[\s\-./]+/g, '_')
    .replace(/^_+|_+$/g, '');

/**
 * Codes platforms use for the console's carriers: ShipStation V1 `carrierCode` values (stamps_com and
 * endicia are USPS resellers, *_walleted are ShipStation-funded accounts), Shopify "Tracking Company" names.
 */
const KNOWN: Readonly<Record<string, Carrier>> = {
  stamps_com: 'usps',
  endicia: 'usps',
  usps: 'usps',
  us_postal_service: 'usps',
  united_states_postal_service: 'usps',
  ups: 'ups',
  ups_walleted: 'ups',
  united_parcel_service: 'ups',
  fedex: 'fedex',
  fedex_walleted: 'fedex',
  federal_express: 'fedex',
  dhl: 'dhl',
  dhl_express: 'dhl',
  dhl_express_worldwide: 'dhl',
  dhl_express_walleted: 'dhl',
  dhl_global_mail: 'dhl',
  dhl_ecommerce: 'dhl',
  canada_post: 'canada_post',
  canadapost: 'canada_post',
  ontrac: 'ontrac',
  lasership: 'lasership',
  amazon: 'amazon',
  amazon_shipping: 'amazon',
  amazon_shipping_us: 'amazon',
  amazon_buy_shipping: 'amazon',
  amazon_logistics: 'amazon',
  amazon_logistics_us: 'amazon',
  australia_post: 'australia_post',
  auspost: 'australia_post',
};

/** Families whose every code belongs to one carrier (ups_mail_innovations, fedex_international...). */
const PREFIXES: readonly (readonly [string, Carrier])[] = [
  ['ups_', 'ups'],
  ['fedex_', 'fedex'],
  ['usps_', 'usps'],
  ['dhl_', 'dhl'],
  ['amazon_', 'amazon'],
];

const CONSOLE_CARRIERS: ReadonlySet<string> = new Set(CARRIERS);

/** Operator mapping first, then the console's own names, then the built-in table and families; null when unknown. */
export function resolveCarrier(code: string, operatorMapping: Readonly<Record<string, Carrier>>): Carrier | null {
  const key = normalizeCode(code);
  if (!key) return null;
  if (Object.hasOwn(operatorMapping, key)) return operatorMapping[key];
  if (CONSOLE_CARRIERS.has(key)) return key as Carrier;
  if (Object.hasOwn(KNOWN, key)) return KNOWN[key];
  for (const [prefix, carrier] of PREFIXES) if (key.startsWith(prefix)) return carrier;
  return null;
}

/**
 * The service as the console shows it. Operator mapping first; platforms that prefix service codes with the
 * carrier (ShipStation's `ups_ground`, `usps_priority_mail`) lose the prefix; files keep their text as given.
 */
export function resolveService(
  code: string,
  carrierCode: string,
  carrier: Carrier,
  operatorMapping: Readonly<Record<string, string>>,
  stripCarrierPrefix: boolean,
): string {
  const key = normalizeCode(code);
  if (Object.hasOwn(operatorMapping, key)) return operatorMapping[key];
  if (!stripCarrierPrefix) return code.trim();
  for (const prefix of [`${normalizeCode(carrierCode)}_`, `${carrier}_`]) {
    if (key.startsWith(prefix) && key.length > prefix.length) return key.slice(prefix.length);
  }
  return key;
}
