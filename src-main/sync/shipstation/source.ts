import { createZoneClock } from '../times';
import { UpstreamError, type OrderValue, type PullContext, type SourceBatch, type UpstreamSource } from '../types';
import { createShipStationClient, SHIPSTATION_V1_URL } from './client';
import { filterWallTime, orderValue, shipmentRow, type V1Order, type V1Shipment } from './mapper';

/** V1 reads and writes its date filters as Pacific wall time (its API requirements say PST/PDT). */
export const SHIPSTATION_ZONE = 'America/Los_Angeles';
const PAGE_SIZE = 500;
/** Filters restart a little before the stored high-water mark: a label indexed late is still picked up; re-reads are no-ops. */
const OVERLAP_MS = 2 * 60_000;

/**
 * High-water marks, as V1 wall times, of the three windows a sync reads:
 * orders modified (for order values), labels created, labels voided.
 * V1's `/shipments` has no modify-date filter; a label only changes by being voided, so the create and
 * void windows together see every change.
 */
export interface ShipStationCursor {
  orders: string;
  created: string;
  voided: string;
}

interface ListResponse {
  page: number;
  pages: number;
  total: number;
}

const wallMs = (wall: string) => Date.parse(`${wall.replace(' ', 'T')}Z`);
const msWall = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const startFrom = (wall: string) => msWall(wallMs(wall) - OVERLAP_MS);
const later = (a: string, b: string | null) => (b !== null && b > a ? b : a);

export function parseCursor(text: string | null): ShipStationCursor | null {
  if (!text) return null;
  try {
    const c = JSON.parse(text) as Partial<ShipStationCursor>;
    return typeof c.orders === 'string' && typeof c.created === 'string' && typeof c.voided === 'string' ? (c as ShipStationCursor) : null;
  } catch {
    return null;
  }
}

export function createShipStationSource(baseUrl: string = SHIPSTATION_V1_URL): UpstreamSource {
  return {
    id: 'shipstation',
    label: 'ShipStation',
    credentialFields: ['apiKey', 'apiSecret'],
    rules: { zone: createZoneClock(SHIPSTATION_ZONE), stripServicePrefix: true },
    pull: (ctx) => pullShipStation(ctx, baseUrl),
  };
}

async function* pullShipStation(ctx: PullContext, baseUrl: string): AsyncGenerator<SourceBatch> {
  const { apiKey, apiSecret } = ctx.secrets;
  if (!apiKey || !apiSecret) throw new UpstreamError('auth', 'ShipStation needs an API key and secret (Sync settings).');
  const client = createShipStationClient({ baseUrl, apiKey, apiSecret, fetch: ctx.fetch, clock: ctx.clock, sleep: ctx.sleep, signal: ctx.signal });
  const zone = createZoneClock(SHIPSTATION_ZONE);
  const first = zone.wallString(ctx.clock.now() - ctx.settings.backfillDays * 86_400_000);
  let cursor: ShipStationCursor = parseCursor(ctx.cursor) ?? { orders: first, created: first, voided: first };
  const save = (patch: Partial<ShipStationCursor>) => JSON.stringify((cursor = { ...cursor, ...patch }));

  // Orders first, so the labels read next find their order values already stored.
  const ordersFrom = startFrom(cursor.orders);
  for (let page = 1; ; page++) {
    const data = await client.get<ListResponse & { orders: V1Order[] }>('orders', {
      orderStatus: 'shipped',
      modifyDateStart: ordersFrom,
      sortBy: 'ModifyDate',
      sortDir: 'ASC',
      page,
      pageSize: PAGE_SIZE,
    });
    const values = data.orders.map(orderValue).filter((v): v is OrderValue => v !== null);
    const highWater = data.orders.reduce((max, o) => later(max, filterWallTime(o.modifyDate)), cursor.orders);
    yield { rows: [], orderValues: values, cursor: save({ orders: highWater }) };
    if (page >= data.pages) break;
  }

  let rowNumber = 0;
  let total: number | null = null;
  const labels = async function* (filter: 'createDateStart' | 'voidDateStart', from: string, mark: 'created' | 'voided') {
    let highWater = cursor[mark];
    for (let page = 1; ; page++) {
      const query: Record<string, string | number> = { [filter]: from, page, pageSize: PAGE_SIZE };
      if (mark === 'created') Object.assign(query, { sortBy: 'CreateDate', sortDir: 'ASC' });
      const data = await client.get<ListResponse & { shipments: V1Shipment[] }>('shipments', query);
      if (page === 1) total = (total ?? 0) + data.total;
      const known = ctx.knownOrderValues(data.shipments.map((s) => s.orderNumber).filter((n): n is string => !!n));
      const rows = data.shipments.map((s) => shipmentRow(s, ++rowNumber, s.orderNumber ? known.get(s.orderNumber) : undefined));
      for (const s of data.shipments) highWater = later(highWater, filterWallTime(mark === 'created' ? s.createDate : s.voidDate));
      const last = page >= data.pages;
      // Created labels come sorted by date, so each page's mark is safe on its own; voids come in id order, so only the last page's is.
      const batch: SourceBatch = { rows, progress: { done: rowNumber, total } };
      if (mark === 'created' || last) batch.cursor = save({ [mark]: highWater });
      yield batch;
      if (last) break;
    }
  };
  yield* labels('createDateStart', startFrom(cursor.created), 'created');
  yield* labels('voidDateStart', startFrom(cursor.voided), 'voided');
}
