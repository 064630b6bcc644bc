import type { Capability, CoreContext } from '../dispatch/capability';
import type { HandlersFor } from '../dispatch/handlers';
import { createSortedViews } from '../db/sorted-views';
import { countShipments, pageShipments, prefetchShipmentViews, shipmentDetail } from './repo';

export { compileShipmentPage, countShipments, shipmentStats, toShipmentRow } from './repo';
export { numberSearchCondition, SUFFIX_SEARCH_MIN } from './search';
export { prefetchShipmentFacets, shipmentFacetTerms } from './facets';

/** The Shipments grid and detail: every label the station knows, sorted and filtered at any depth. */
export interface ShipmentsService {
  /** Reads every one-column view ahead in the worker and resolves when they are kept. */
  readAhead(): Promise<void>;
}

export function shipmentsCapability(ctx: CoreContext): Capability<ShipmentsService> {
  const views = createSortedViews(ctx.db.raw);
  const handlers: HandlersFor<'shipments'> = {
    'shipments.page': (arg) => pageShipments(ctx.db, views, arg),
    'shipments.count': (arg) => ({ count: countShipments(ctx.db, arg.filter) }),
    'shipments.detail': (arg) => shipmentDetail(ctx.db, arg.id),
  };
  return {
    name: 'shipments',
    handlers,
    events: [],
    tables: { shipments: 'replicated' },
    start: () => prefetchShipmentViews(ctx.db, views),
    dispose: () => views.close(),
    service: {
      readAhead: () => {
        prefetchShipmentViews(ctx.db, views, 0);
        return views.settled();
      },
    },
  };
}
