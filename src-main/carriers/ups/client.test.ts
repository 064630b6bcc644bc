import { describeClientContract } from '../client-contract';
import { createUpsClient } from './client';

describeClientContract({
  carrier: 'ups',
  create: createUpsClient,
  credentials: { clientId: 'ups-client-7f3a91c2', clientSecret: 'ups-secret-9c1d44e0b7' },
  tokenLifetimeSeconds: 14_399,
  trackingNumber: '1Z999AA10123456784',
  otherNumber: '1Z999AA10123456785',
  unknownNumber: '1Z999AA19999999999',
  steps: [
    { code: 'MP', description: 'Shipper created a label, UPS has not received the package yet.', status: 'created' },
    { code: 'OR', description: 'Origin Scan', status: 'in_transit' },
    { code: 'OT', description: 'Out For Delivery Today', status: 'out_for_delivery' },
    { code: 'FS', description: 'DELIVERED', status: 'delivered' },
  ],
});
