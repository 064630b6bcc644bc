import type { Db } from '../db/create-db';
import { createSortedViews } from '../db/sorted-views';
import type { HandlersFor } from '../dispatch/handlers';
import { countShipments, pageShipments, shipmentDetail } from './repo';

export function shipmentsHandlers(db: Db): HandlersFor<'shipments'> {
  const views = createSortedViews(db.raw);
  return {
    'shipments.page': (arg) => pageShipments(db, views, arg),
    'shipments.count': (arg) => ({ count: countShipments(db, arg.filter) }),
    'shipments.detail': (arg) => shipmentDetail(db, arg.id),
  };
}
