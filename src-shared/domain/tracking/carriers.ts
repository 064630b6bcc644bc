/**
 * Every carrier the console knows, in display order: the one list the contract's carrier and account enums,
 * the labels people read and the example numbers derive from. A `label` carrier prints labels that sit on
 * shipments; an `aggregator` only tracks other carriers' parcels. `account: true` means a folder under
 * src-main/carriers polls it, and the main registry must list that folder's manifest (the compiler says so).
 */
import { fedexMod11, gs1Mod10, mod7, s10Mod11, upsMod10 } from '../scan/checksum';

interface LabelCarrier {
  label: string;
  role: 'label';
  account: boolean;
  /** A number in the carrier's format that passes the scan parser's check digit, unique per serial below 10^8. */
  example(serial: number): string;
}

interface Aggregator {
  label: string;
  role: 'aggregator';
  account: true;
}

const digits = (n: number, width: number) => String(n % 10 ** width).padStart(width, '0');

/** Appends the one check digit under which `holds` accepts the number; every algorithm here has exactly one. */
function withCheckDigit(body: string, holds: (candidate: string) => boolean): string {
  for (let d = 0; d <= 9; d++) if (holds(body + d)) return body + d;
  throw new Error(`no check digit makes ${body} valid`);
}

/** Carriers the scan parser has no format for get the console's own placeholder shape. */
const placeholder = (serial: number) => `WB${digits(serial, 12)}`;

const CATALOG = {
  ups: { label: 'UPS', role: 'label', account: true, example: (n: number) => '1Z' + withCheckDigit(`W${digits(n, 3)}AB${digits(n, 9)}`, upsMod10) },
  fedex: { label: 'FedEx', role: 'label', account: true, example: (n: number) => withCheckDigit(`7${digits(n, 10)}`, fedexMod11) },
  usps: { label: 'USPS', role: 'label', account: true, example: (n: number) => withCheckDigit(`9400111${digits(n, 14)}`, gs1Mod10) },
  dhl: { label: 'DHL', role: 'label', account: true, example: (n: number) => withCheckDigit(`3${digits(n, 8)}`, mod7) },
  canada_post: { label: 'Canada Post', role: 'label', account: true, example: (n: number) => withCheckDigit(`70${digits(n, 13)}`, gs1Mod10) },
  ontrac: { label: 'OnTrac', role: 'label', account: false, example: (n: number) => withCheckDigit(`C${digits(n, 13)}`, upsMod10) },
  lasership: { label: 'LaserShip', role: 'label', account: false, example: (n: number) => `LX${1 + (Math.floor(n / 10_000_000) % 8)}${digits(n, 7)}` },
  amazon: { label: 'Amazon', role: 'label', account: false, example: (n: number) => `TBA${digits(n, 12)}` },
  australia_post: { label: 'Australia Post', role: 'label', account: true, example: placeholder },
  s10: { label: 'UPU S10 post', role: 'label', account: false, example: (n: number) => `RR${withCheckDigit(digits(n, 8), s10Mod11)}US` },
  other: { label: 'other carrier', role: 'label', account: false, example: placeholder },
  easypost: { label: 'EasyPost', role: 'aggregator', account: true },
} as const satisfies Record<string, LabelCarrier | Aggregator>;

type Catalog = typeof CATALOG;
type CarrierId = keyof Catalog;
/** A carrier a shipment's label can name. */
export type Carrier = { [K in CarrierId]: Catalog[K] extends { role: 'label' } ? K : never }[CarrierId];
/** A carrier account the poller can ask: its manifest lives in src-main/carriers/<folder>/. */
export type TrackingAccount = { [K in CarrierId]: Catalog[K] extends { account: true } ? K : never }[CarrierId];

const IDS = Object.keys(CATALOG) as CarrierId[];

/** Carriers the console tracks directly or reads from labels. */
export const CARRIERS: readonly Carrier[] = IDS.filter((id): id is Carrier => CATALOG[id].role === 'label');
export const TRACKING_ACCOUNTS: readonly TrackingAccount[] = IDS.filter((id): id is TrackingAccount => CATALOG[id].account);

export const CARRIER_LABELS: Readonly<Record<CarrierId, string>> = Object.fromEntries(IDS.map((id) => [id, CATALOG[id].label])) as Record<CarrierId, string>;

export const exampleTrackingNumber = (carrier: Carrier, serial: number): string => CATALOG[carrier].example(serial);

const LABELS: ReadonlyMap<string, string> = new Map(Object.entries(CARRIER_LABELS));
/** The name people read for a stored carrier id; an id the catalog does not know is shown as stored. */
export const carrierLabel = (id: string): string => LABELS.get(id) ?? id;

const CREDENTIAL_LABELS: Readonly<Record<string, string>> = {
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  apiKey: 'API key',
  password: 'Password',
  username: 'User name',
  accountNumber: 'Account number',
};

/** A credential field in words for its form label ("Client ID", not `clientId`). */
export const credentialLabel = (field: string): string =>
  CREDENTIAL_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
