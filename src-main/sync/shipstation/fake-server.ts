import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exampleTrackingNumber } from '../../demo/tracking-numbers';
import type { Carrier } from '../../../src-shared/domain/tracking/status';
import { createZoneClock } from '../times';
import type { V1Order, V1Shipment } from './mapper';
import { SHIPSTATION_ZONE } from './source';

/** A fault the next matching requests get instead of an answer. */
export interface Fault {
  path?: '/shipments' | '/orders';
  page?: number;
  status: number;
  /** How many matching requests fail; Infinity until `heal()`. */
  times: number;
}

export interface FakeShipStationOptions {
  apiKey?: string;
  apiSecret?: string;
  limitPerMinute?: number;
  /** The server's own clock for its rate-limit window; tests share the fake clock with the client. */
  now?: () => number;
}

export interface RequestLog {
  path: string;
  query: Record<string, string>;
  status: number;
}

const CARRIER_CODES: readonly (readonly [string, Carrier, string])[] = [
  ['ups', 'ups', 'ups_ground'],
  ['fedex', 'fedex', 'fedex_2day'],
  ['stamps_com', 'usps', 'usps_priority_mail'],
  ['dhl_express_worldwide', 'dhl', 'dhl_express_worldwide'],
];

const wall = (v: string | null | undefined) => (v ? v.replace('T', ' ').slice(0, 19) : '');

/**
 * A loopback stand-in for ShipStation API V1 (`/shipments`, `/orders`) that speaks its JSON, paging and
 * X-Rate-Limit-* headers, checks Basic auth, and fails on request: 429s, 5xx, or a held request that never
 * answers (to kill a client mid-sync). For tests and for demos without an account.
 */
export async function startFakeShipStation(options: FakeShipStationOptions = {}) {
  const apiKey = options.apiKey ?? 'demo-key';
  const apiSecret = options.apiSecret ?? 'demo-secret';
  const limit = options.limitPerMinute ?? 40;
  const now = options.now ?? Date.now;
  const shipments: V1Shipment[] = [];
  const orders: V1Order[] = [];
  const faults: Fault[] = [];
  const log: RequestLog[] = [];
  const holds: { match: (path: string, page: number) => boolean; arrived: () => void }[] = [];
  let windowStart = 0;
  let used = 0;

  const expected = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const rateHeaders = (): Record<string, string> => {
    const t = now();
    if (t - windowStart >= 60_000) {
      windowStart = t;
      used = 0;
    }
    used++;
    return {
      'X-Rate-Limit-Limit': String(limit),
      'X-Rate-Limit-Remaining': String(Math.max(0, limit - used)),
      'X-Rate-Limit-Reset': String(Math.max(0, Math.ceil((windowStart + 60_000 - t) / 1000))),
    };
  };

  const pageOf = <T>(items: T[], query: URLSearchParams) => {
    const pageSize = Math.min(500, Math.max(1, Number(query.get('pageSize') ?? 100)));
    const page = Math.max(1, Number(query.get('page') ?? 1));
    return { items: items.slice((page - 1) * pageSize, page * pageSize), page, pages: Math.max(1, Math.ceil(items.length / pageSize)), total: items.length };
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/\/+$/, '');
    const query = Object.fromEntries(url.searchParams);
    const page = Number(query.page ?? 1);
    const headers = rateHeaders();
    const reply = (status: number, body: unknown) => {
      log.push({ path, query, status });
      send(res, status, body, headers);
    };
    if (req.headers.authorization !== expected) return reply(401, { message: 'Unauthorized' });
    if (used > limit) return reply(429, { message: 'Too Many Requests' });
    const hold = holds.findIndex((h) => h.match(path, page));
    if (hold !== -1) {
      log.push({ path, query, status: 0 });
      holds.splice(hold, 1)[0].arrived();
      return;
    }
    const fault = faults.find((f) => (f.path === undefined || f.path === path) && (f.page === undefined || f.page === page) && f.times > 0);
    if (fault) {
      fault.times--;
      return reply(fault.status, { message: `Injected ${fault.status}` });
    }
    if (path === '/shipments') {
      const createFrom = wall(query.createDateStart);
      const voidFrom = wall(query.voidDateStart);
      let list = shipments.filter((s) => (!createFrom || wall(s.createDate) >= createFrom) && (!voidFrom || (s.voidDate && wall(s.voidDate) >= voidFrom)));
      list =
        query.sortBy === 'CreateDate'
          ? [...list].sort((a, b) => wall(a.createDate).localeCompare(wall(b.createDate)) || a.shipmentId - b.shipmentId)
          : [...list].sort((a, b) => a.shipmentId - b.shipmentId);
      const p = pageOf(list, url.searchParams);
      return reply(200, { shipments: p.items, total: p.total, page: p.page, pages: p.pages });
    }
    if (path === '/orders') {
      const from = wall(query.modifyDateStart);
      const list = orders
        .filter((o) => !from || wall(o.modifyDate) >= from)
        .sort((a, b) => wall(a.modifyDate).localeCompare(wall(b.modifyDate)) || a.orderId - b.orderId);
      const p = pageOf(list, url.searchParams);
      return reply(200, { orders: p.items, total: p.total, page: p.page, pages: p.pages });
    }
    return reply(404, { message: 'Not found' });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const zone = createZoneClock(SHIPSTATION_ZONE);

  return {
    url,
    apiKey,
    apiSecret,
    shipments,
    orders,
    log,
    /** `count` labels, one a minute from `startMs`, each with its shipped order; every 25th voided, every 40th a return. */
    seed(count: number, startMs: number): void {
      const base = shipments.length;
      for (let i = 0; i < count; i++) {
        const n = base + i;
        const [code, carrier, service] = CARRIER_CODES[n % CARRIER_CODES.length];
        const created = `${zone.wallString(startMs + i * 60_000).replace(' ', 'T')}.0000000`;
        const orderNumber = String(200_000 + n);
        shipments.push({
          shipmentId: 9_000_000 + n,
          orderId: 5_000_000 + n,
          orderNumber,
          createDate: created,
          shipDate: created.slice(0, 10),
          trackingNumber: exampleTrackingNumber(carrier, 700_000 + n),
          isReturnLabel: n % 40 === 39,
          carrierCode: code,
          serviceCode: service,
          warehouseId: n % 2 === 0 ? 1001 : 1002,
          voided: false,
          voidDate: null,
          shipTo: { name: `Customer ${n}`, city: 'DENVER', state: 'CO', postalCode: '80202', country: 'US' },
          weight: { value: 10 + (n % 30), units: 'ounces' },
          advancedOptions: { warehouseId: n % 2 === 0 ? 1001 : 1002 },
        });
        orders.push({ orderId: 5_000_000 + n, orderNumber, orderTotal: 20 + (n % 50) + 0.99, modifyDate: created });
        if (n % 25 === 24) this.void(9_000_000 + n, startMs + i * 60_000 + 30 * 60_000);
      }
    },
    void(shipmentId: number, atMs: number): void {
      const s = shipments.find((x) => x.shipmentId === shipmentId);
      if (s) Object.assign(s, { voided: true, voidDate: `${zone.wallString(atMs).replace(' ', 'T')}.0000000` });
    },
    inject(fault: Fault): void {
      faults.push({ ...fault });
    },
    heal(): void {
      faults.length = 0;
    },
    /** The next matching request is never answered; resolves when it arrives. */
    hold(match: (path: string, page: number) => boolean): Promise<void> {
      return new Promise((arrived) => holds.push({ match, arrived }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeShipStation = Awaited<ReturnType<typeof startFakeShipStation>>;
