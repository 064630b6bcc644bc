import { describeClientContract } from '../client-contract';
import { createUspsClient } from './client';

describeClientContract({
  carrier: 'usps',
  create: createUspsClient,
  credentials: { clientId: 'usps-consumer-key-3b8e', clientSecret: 'usps-consumer-secret-71a0' },
  tokenLifetimeSeconds: 28_799,
  trackingNumber: '9400100000000000000011',
  otherNumber: '9400100000000000000028',
  unknownNumber: '9400199999999999999999',
  steps: [
    { code: 'GX', description: 'Shipping Label Created, USPS Awaiting Item', status: 'created' },
    { code: '03', description: 'USPS in possession of item', status: 'in_transit' },
    { code: 'OF', description: 'Out for Delivery', status: 'out_for_delivery' },
    { code: '01', description: 'Delivered, In/At Mailbox', status: 'delivered' },
  ],
});
