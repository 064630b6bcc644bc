import type { Core } from '../core';
import { compileShipmentPage } from '../shipments/repo';
import { percentile, result, sampleMs, type BenchResult } from './measure';

const PAGE_ARGS = {
  startRow: 0,
  endRow: 100,
  sort: [{ column: 'labelCreatedAt' as const, direction: 'desc' as const }],
  filter: { carrier: ['ups' as const], status: ['in_transit' as const] },
};

/** A sorted, filtered 100-row block through dispatch vs the same SQL on a raw prepared statement. */
export async function benchShipmentsPage(core: Core): Promise<BenchResult> {
  const { db } = core.services;
  const compiled = compileShipmentPage(db, PAGE_ARGS);
  const raw = db.raw.prepare(compiled.sql);
  const baseline = await sampleMs(300, () => raw.all(...(compiled.parameters as unknown[])));
  const value = await sampleMs(300, async () => {
    const envelope = await core.dispatch('shipments.page', PAGE_ARGS);
    if (!envelope.ok) throw new Error(envelope.error.message);
  });
  return result('shipments.page', 'ms', percentile(value, 50), percentile(baseline, 50), {
    p95: percentile(value, 95),
    baselineP95: percentile(baseline, 95),
  });
}
