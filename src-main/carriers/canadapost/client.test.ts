import { describeClientContract } from '../client-contract';
import { createCanadaPostClient } from './client';

describeClientContract({
  carrier: 'canada_post',
  create: createCanadaPostClient,
  credentials: { username: 'cpc-user-5e0a91c2', password: 'cpc-pass-7b33d0' },
  trackingNumber: '1000000000000001',
  otherNumber: '1000000000000002',
  unknownNumber: '1000000000000999',
  // Canada Post pads its event codes with zeros on the wire; the status table reads them without.
  steps: [
    { code: '3000', description: 'Electronic information submitted by shipper', status: 'created' },
    { code: '0100', description: 'Item processed at postal facility', status: 'in_transit' },
    { code: '0174', description: 'Item out for delivery', status: 'out_for_delivery' },
    { code: '1496', description: 'Item successfully delivered', status: 'delivered' },
  ],
});
