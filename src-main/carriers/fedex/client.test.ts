import { describe, expect, it } from 'vitest';
import { describeClientContract, useContractHarness, type ClientContract } from '../client-contract';
import { createFedexClient } from './client';

const contract: ClientContract = {
  carrier: 'fedex',
  create: createFedexClient,
  credentials: { clientId: 'l7fedex0client4a1b', clientSecret: 'fedex-secret-e5f60718' },
  tokenLifetimeSeconds: 3599,
  trackingNumber: '794843185271',
  otherNumber: '794843185272',
  unknownNumber: '399368623219',
  steps: [
    { code: 'OC', description: 'Shipment information sent to FedEx', status: 'created' },
    { code: 'PU', description: 'Picked up', status: 'in_transit' },
    { code: 'OD', description: 'On FedEx vehicle for delivery', status: 'out_for_delivery' },
    { code: 'DL', description: 'Delivered', status: 'delivered' },
  ],
};

describeClientContract(contract);

describe('fedex client batching', () => {
  const h = useContractHarness(contract);

  it('sends a batch of 3 in one request and reports only the unknown number as not_found', async () => {
    h.scriptParcel(contract.trackingNumber);
    h.scriptParcel(contract.otherNumber);
    const outcome = await h.client().track([contract.trackingNumber, contract.unknownNumber, contract.otherNumber]);
    expect(h.trackRequests()).toBe(1);
    expect(outcome.results.map((r) => r.trackingNumber).sort()).toEqual([contract.trackingNumber, contract.otherNumber].sort());
    expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: contract.unknownNumber, kind: 'not_found' })]);
  });

  it('splits 45 numbers into requests of 30 and 15', async () => {
    const numbers = Array.from({ length: 45 }, (_, i) => String(794843185300 + i));
    for (const number of numbers) h.scriptParcel(number);
    const outcome = await h.client().track(numbers);
    const sizes = h.server.requests.flatMap((r) => (r.trackingNumbers ? [r.trackingNumbers.length] : []));
    expect(sizes).toEqual([30, 15]);
    expect(outcome.errors).toEqual([]);
    expect(outcome.results).toHaveLength(45);
    expect(outcome.raw.filter((r) => r.url.endsWith('/track/v1/trackingnumbers'))).toHaveLength(2);
  });

  it('keeps the results of the first 30-number request when the second fails transiently', async () => {
    const numbers = Array.from({ length: 45 }, (_, i) => String(794843185300 + i));
    for (const number of numbers) h.scriptParcel(number);
    h.server.inject('fedex', { kind: 'none' });
    h.server.inject('fedex', { kind: '500' });
    const outcome = await h.client().track(numbers);
    expect(outcome.results.map((r) => r.trackingNumber)).toEqual(numbers.slice(0, 30));
    expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: null, kind: 'transient' })]);
  });
});
