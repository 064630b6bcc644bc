import type { Core } from '../../core';

/** UPS credentials for the fake carrier at `carrierUrl`, with a quota high enough that it never shapes a test's requests. */
export async function keepFakeUpsAccount(core: Pick<Core, 'dispatch'>, carrierUrl: string): Promise<void> {
  const saved = await core.dispatch('carriers.save', {
    carrier: 'ups',
    environment: 'custom',
    baseUrl: carrierUrl,
    credentials: { clientId: 'id', clientSecret: 'secret' },
    quotaPerMinute: 10_000,
  });
  if (!saved.ok) throw new Error(`carriers.save: ${saved.error.message}`);
}
