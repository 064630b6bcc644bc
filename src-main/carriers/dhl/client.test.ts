import { describeClientContract } from '../client-contract';
import { createDhlClient } from './client';

describeClientContract({
  carrier: 'dhl',
  create: createDhlClient,
  credentials: { apiKey: 'dhl-api-key-0c4f9e27' },
  trackingNumber: '1234567890',
  otherNumber: '1234567891',
  unknownNumber: '9999999999',
  // DHL has no event codes on the wire: an event's code is its statusCode, and the wording refines `transit`.
  steps: [
    { code: 'pre-transit', description: 'Shipment information received', status: 'created' },
    { code: 'transit', description: 'Shipment picked up', status: 'in_transit' },
    { code: 'transit', description: 'Shipment is out with courier for delivery', status: 'out_for_delivery' },
    { code: 'delivered', description: 'Delivered', status: 'delivered' },
  ],
});
