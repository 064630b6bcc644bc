import type { ImportPreset } from '../../../src-shared/api';
import { parseScan } from '../../../src-shared/domain/scan';
import type { CandidateRow, RowFields } from '../types';
import type { CsvRecord } from './csv';

type Field = keyof RowFields;

/** Headers compare without case, spaces or punctuation: "Ship To - Postal Code" is `shiptopostalcode`. */
export const headerKey = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface PresetSpec {
  id: ImportPreset;
  /** `shipments.source` for its rows: a ShipStation export lands on the same records the API sync keeps. */
  source: string;
  /** Accepted headers per field, first match wins. */
  columns: Partial<Record<Field, readonly string[]>>;
  /** Columns the file must have; without one the file is refused before any row is read. */
  required: readonly Field[];
  /** Times without an offset are read in the configured zone (exports write local times); generic demands offsets. */
  localTimes: boolean;
  stripServicePrefix: boolean;
  /** When a column is absent, the field is read from another one. */
  fallbacks?: Partial<Record<Field, Field>>;
}

const GENERIC: PresetSpec = {
  id: 'generic',
  source: 'file',
  columns: {
    externalId: ['external_id'],
    trackingNumber: ['tracking_number'],
    carrier: ['carrier'],
    service: ['service'],
    warehouse: ['warehouse'],
    orderNumber: ['order_number'],
    orderValue: ['order_value'],
    currency: ['currency'],
    labelCreatedAt: ['label_created_at'],
    shipDate: ['ship_date'],
    expectedDelivery: ['expected_delivery'],
    isReturn: ['is_return'],
    voided: ['voided'],
    shipToName: ['ship_to_name'],
    shipToCity: ['ship_to_city'],
    shipToRegion: ['ship_to_region'],
    shipToPostalCode: ['ship_to_postal_code'],
    shipToCountry: ['ship_to_country'],
    weightOz: ['weight_oz'],
  },
  required: ['externalId', 'trackingNumber', 'carrier', 'labelCreatedAt'],
  localTimes: false,
  stripServicePrefix: false,
};

/**
 * ShipStation's shipments export lets each account choose its columns, so the API field names and the
 * labels its grid shows are both accepted. Without a shipment id column the tracking number is the key.
 */
const SHIPSTATION: PresetSpec = {
  id: 'shipstation',
  source: 'shipstation',
  columns: {
    externalId: ['shipmentId', 'Shipment ID', 'Shipment #', 'Shipment Number'],
    trackingNumber: ['trackingNumber', 'Tracking Number', 'Tracking #', 'Tracking'],
    carrier: ['carrierCode', 'Carrier', 'Carrier Code', 'Provider'],
    service: ['serviceCode', 'Service', 'Service Code', 'Shipping Service'],
    warehouse: ['warehouseId', 'Warehouse', 'Ship From', 'Ship From Location', 'Warehouse ID'],
    orderNumber: ['orderNumber', 'Order Number', 'Order #', 'Order - Number'],
    orderValue: ['orderTotal', 'Order Total', 'Order - Total', 'Amount Paid'],
    labelCreatedAt: ['createDate', 'Create Date', 'Created Date', 'Label Create Date', 'Label Created'],
    shipDate: ['shipDate', 'Ship Date'],
    isReturn: ['isReturnLabel', 'Return Label', 'Is Return Label'],
    voided: ['voided', 'Voided', 'Void'],
    shipToName: ['shipTo.name', 'Ship To - Name', 'Recipient', 'Recipient Name', 'Ship To Name'],
    shipToCity: ['shipTo.city', 'Ship To - City', 'City', 'Ship To City'],
    shipToRegion: ['shipTo.state', 'Ship To - State', 'State', 'Ship To State'],
    shipToPostalCode: ['shipTo.postalCode', 'Ship To - Postal Code', 'Postal Code', 'Zip', 'Ship To Postal Code'],
    shipToCountry: ['shipTo.country', 'Ship To - Country', 'Country', 'Ship To Country'],
    weightOz: ['weight.value', 'Weight', 'Weight (oz)', 'Weight Oz'],
  },
  required: ['trackingNumber', 'carrier'],
  localTimes: true,
  stripServicePrefix: true,
  fallbacks: { externalId: 'trackingNumber', labelCreatedAt: 'shipDate' },
};

/**
 * Shopify's orders export: one row per line item, order fields on the first row only. Shopify's own export
 * has no tracking column; export apps add "Tracking Number"/"Tracking Company" or "Fulfillment: ..." columns.
 */
const SHOPIFY: PresetSpec = {
  id: 'shopify',
  source: 'shopify',
  columns: {
    orderNumber: ['Name'],
    trackingNumber: ['Tracking Number', 'Fulfillment: Tracking Number', 'Tracking Numbers', 'Lineitem tracking number'],
    carrier: ['Tracking Company', 'Fulfillment: Tracking Company', 'Carrier'],
    service: ['Shipping Method', 'Shipping Line: Title'],
    warehouse: ['Location', 'Fulfillment: Location'],
    orderValue: ['Total'],
    currency: ['Currency'],
    labelCreatedAt: ['Fulfilled at', 'Fulfillment: Created At', 'Created at'],
    shipDate: ['Fulfilled at', 'Fulfillment: Created At'],
    voided: ['Cancelled at'],
    shipToName: ['Shipping Name'],
    shipToCity: ['Shipping City'],
    shipToRegion: ['Shipping Province'],
    shipToPostalCode: ['Shipping Zip'],
    shipToCountry: ['Shipping Country'],
  },
  required: ['orderNumber', 'trackingNumber'],
  localTimes: true,
  stripServicePrefix: false,
};

export const PRESETS: Readonly<Record<ImportPreset, PresetSpec>> = { generic: GENERIC, shipstation: SHIPSTATION, shopify: SHOPIFY };

const FIELD_LABEL: Partial<Record<Field, string>> = { orderNumber: 'order name' };
const label = (field: Field) => FIELD_LABEL[field] ?? field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

export type ColumnMap = Partial<Record<Field, number>>;

/** Which column feeds which field; a missing required column is a plain message, not a thousand rejected rows. */
export function mapHeader(header: readonly string[], preset: PresetSpec): { columns: ColumnMap } | { problem: string } {
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    const key = headerKey(h);
    if (key && !positions.has(key)) positions.set(key, i);
  });
  const columns: ColumnMap = {};
  for (const [field, names] of Object.entries(preset.columns) as [Field, readonly string[]][]) {
    const found = names.map((n) => positions.get(headerKey(n))).find((i) => i !== undefined);
    if (found !== undefined) columns[field] = found;
  }
  for (const [field, from] of Object.entries(preset.fallbacks ?? {}) as [Field, Field][]) {
    if (columns[field] === undefined && columns[from] !== undefined) columns[field] = columns[from];
  }
  const missing = preset.required.filter((f) => columns[f] === undefined);
  if (missing.length > 0) {
    const detail = missing.map((f) => `${label(f)} (looked for: ${(preset.columns[f] ?? []).join(', ')})`).join('; ');
    const hint =
      preset.id === 'shopify' && missing.includes('trackingNumber') ? " Shopify's own order export has no tracking numbers; export with tracking columns." : '';
    return { problem: `This file has no column for ${detail}. Check the preset (${preset.id}) or the header row.${hint}` };
  }
  return { columns };
}

function fieldsOf(cells: readonly string[], columns: readonly (readonly [Field, number])[]): RowFields {
  const fields: Record<string, string> = {};
  for (const [field, index] of columns) {
    const value = cells[index];
    if (value !== undefined && value !== '') fields[field] = value;
  }
  return fields;
}

/** A file row keeps its cells; the header → value record a reject needs is built only for rejects. */
class FileRow implements CandidateRow {
  problem?: CandidateRow['problem'];
  constructor(
    readonly rowNumber: number,
    readonly fields: RowFields,
    private readonly header: readonly string[],
    private readonly cells: readonly string[],
  ) {}

  raw(): Record<string, string> {
    const raw: Record<string, string> = {};
    this.header.forEach((h, i) => {
      if (this.cells[i] !== undefined && this.cells[i] !== '') raw[h || `column ${i + 1}`] = this.cells[i];
    });
    return raw;
  }
}

/** The same row read differently (Shopify's grouping); its raw cells stay those of the line it came from. */
const reread = (row: CandidateRow, fields: RowFields, problem: CandidateRow['problem']): CandidateRow => ({
  rowNumber: row.rowNumber,
  raw: () => row.raw(),
  fields,
  problem,
});

const BAD_TEXT = {
  code: 'bad_text',
  reason: 'the row has characters that are not valid UTF-8 text; save the file as "CSV UTF-8" and import it again',
} as const;

/** Turns file records into candidate rows; Shopify's line-item rows are grouped into one row per tracking number. */
export interface RowAssembler {
  push(record: CsvRecord): CandidateRow[];
  end(): CandidateRow[];
}

export function createAssembler(preset: PresetSpec, header: readonly string[], columns: ColumnMap): RowAssembler {
  const pairs = Object.entries(columns) as [Field, number][];
  const single = (record: CsvRecord): CandidateRow => {
    const row = new FileRow(record.line, fieldsOf(record.cells, pairs), header, record.cells);
    if (record.unterminated) row.problem = { code: 'bad_text', reason: 'a quoted value is never closed (a " is missing)' };
    else if (record.cells.some((c) => c.includes('\uFFFD'))) row.problem = BAD_TEXT;
    return row;
  };
  if (preset.id !== 'shopify') return { push: (record) => [single(record)], end: () => [] };

  let group: CandidateRow[] = [];
  const flush = (): CandidateRow[] => {
    if (group.length === 0) return [];
    const [first] = group;
    const order = first.fields;
    const out: CandidateRow[] = [];
    const seen = new Set<string>();
    for (const row of group) {
      for (const number of (row.fields.trackingNumber ?? '')
        .split(/[,;]+/)
        .map((t) => t.trim())
        .filter(Boolean)) {
        if (seen.has(number)) continue;
        seen.add(number);
        const fields: RowFields = {
          ...order,
          ...row.fields,
          trackingNumber: number,
          externalId: `${order.orderNumber}:${number.replace(/\s+/g, '').toUpperCase()}`,
        };
        fields.orderNumber = order.orderNumber?.replace(/^#/, '');
        if (fields.voided) fields.voided = true;
        if (!fields.carrier) fields.carrier = inferCarrier(number);
        out.push(reread(row, fields, row.problem ?? first.problem));
      }
    }
    if (out.length === 0) {
      out.push(
        reread(
          first,
          { ...order, externalId: order.orderNumber },
          first.problem ?? { code: 'missing_tracking_number', reason: 'missing tracking number (order not fulfilled yet?)' },
        ),
      );
    }
    group = [];
    return out;
  };
  return {
    push(record) {
      const row = single(record);
      const name = row.fields.orderNumber;
      const out = group.length > 0 && name !== undefined && name !== group[0].fields.orderNumber ? flush() : [];
      // Line-item rows repeat the order name; a row without one belongs to the order above it.
      if (group.length > 0 || name !== undefined) group.push(row);
      else out.push(reread(row, row.fields, row.problem ?? { code: 'missing_external_id', reason: 'missing order name' }));
      return out;
    },
    end: flush,
  };
}

/** Shopify leaves the carrier blank for some fulfilments; a number whose format names one carrier says which. */
function inferCarrier(trackingNumber: string): string | null {
  const carriers = new Set(parseScan(trackingNumber).candidates.map((c) => c.carrier));
  return carriers.size === 1 ? [...carriers][0] : null;
}
