import { describe, expect, it } from 'vitest';
import { describeClientContract, useContractHarness, type ClientContract } from '../client-contract';
import { createAustraliaPostClient } from './client';

const contract: ClientContract = {
  carrier: 'australia_post',
  create: createAustraliaPostClient,
  credentials: { apiKey: 'auspost-key-6d1e0b93', password: 'auspost-pass-41c7', accountNumber: '1000123456' },
  trackingNumber: '33XYZ0012345601000931507',
  otherNumber: '33XYZ0012345601000931508',
  unknownNumber: '7XX1000',
  // Australia Post has no event codes: an event's code is its wording, which is also what the status is read from.
  steps: [
    { code: 'Shipping information received by Australia Post', description: 'Shipping information received by Australia Post', status: 'created' },
    { code: 'Item processed at facility', description: 'Item processed at facility', status: 'in_transit' },
    { code: 'Onboard for delivery', description: 'Onboard for delivery', status: 'out_for_delivery' },
    { code: 'Delivered - Left in a safe place', description: 'Delivered - Left in a safe place', status: 'delivered' },
  ],
};

describeClientContract(contract);

describe('Australia Post client', () => {
  const h = useContractHarness(contract);

  it('asks about at most ten ids a call, the most Australia Post accepts', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `33XYZ00123456010009315${String(i).padStart(2, '0')}`);
    for (const id of ids) h.scriptParcel(id);
    const outcome = await h.client().track(ids);
    expect(outcome.errors).toEqual([]);
    expect(outcome.results.map((r) => r.trackingNumber)).toEqual(ids);
    expect(h.server.requests.map((r) => r.trackingNumbers?.length)).toEqual([10, 10, 3]);
  });

  it('sends the account number with every call', async () => {
    h.server.setCredentials('australia_post', { ...contract.credentials, accountNumber: '2000999999' });
    expect(await h.client().testConnection()).toMatchObject({ ok: false, kind: 'auth' });
    h.server.setCredentials('australia_post', contract.credentials);
    expect(await h.client().testConnection()).toEqual({ ok: true });
  });
});
