import type { Db } from '../db/create-db';
import type { HandlersFor } from '../dispatch/handlers';
import { countShipments, pageShipments, shipmentDetail } from './repo';

export function shipmentsHandlers(db: Db): HandlersFor<'shipments'> {
  return {
    'shipments.page': (arg) => pageShipments(db, arg),
    'shipments.count': (arg) => ({ count: countShipments(db, arg.filter) }),
    'shipments.detail': (arg) => shipmentDetail(db, arg.id),
  };
}
