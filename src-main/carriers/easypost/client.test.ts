import { describe, expect, it } from 'vitest';
import { describeClientContract, useContractHarness, type ClientContract } from '../client-contract';
import { createEasyPostClient } from './client';

const contract: ClientContract = {
  carrier: 'easypost',
  create: createEasyPostClient,
  credentials: { apiKey: 'EZTKeasypost5d1c9a0f' },
  trackingNumber: 'EZ2000000002',
  otherNumber: 'EZ3000000003',
  unknownNumber: 'EZ7000000007',
  unknownIsTracker: true,
  steps: [
    { code: 'OC', description: 'Shipment information sent to FedEx', status: 'created' },
    { code: 'PU', description: 'Picked up', status: 'in_transit' },
    { code: 'OD', description: 'On FedEx vehicle for delivery', status: 'out_for_delivery' },
    { code: 'DL', description: 'Delivered', status: 'delivered' },
  ],
};

describeClientContract(contract);

describe('easypost client trackers', () => {
  const h = useContractHarness(contract);

  it('gets the same tracker back when the code is tracked again', async () => {
    h.scriptParcel(contract.trackingNumber);
    const client = h.client();
    const first = await client.track([contract.trackingNumber]);
    const second = await client.track([contract.trackingNumber]);
    const trackerId = (outcome: typeof first): unknown => (JSON.parse(outcome.raw[0].body) as { id: unknown }).id;
    expect(trackerId(second)).toBe(trackerId(first));
    expect([first.raw[0].httpStatus, second.raw[0].httpStatus]).toEqual([201, 200]);
  });

  it('names the carrier in the tracker request when one is configured', async () => {
    h.scriptParcel(contract.trackingNumber);
    const outcome = await createEasyPostClient({
      baseUrl: h.server.url,
      credentials: contract.credentials,
      fetch: globalThis.fetch,
      now: () => h.clock.now,
      carrier: 'FedEx',
    }).track([contract.trackingNumber]);
    expect((JSON.parse(outcome.raw[0].body) as { carrier: string }).carrier).toBe('FedEx');
  });
});
