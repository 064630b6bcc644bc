import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempCore, type TempCore } from '../testing/temp-core';

let core: TempCore;
beforeEach(() => {
  core = createTempCore();
});
afterEach(() => core.dispose());

describe('dispatcher', () => {
  it('refuses a method that is not in the contract', async () => {
    const result = await core.dispatchUntrusted('db.exec', { sql: 'DROP TABLE shipments' });
    expect(result).toEqual({ ok: false, error: { code: 'unknown_method', message: 'Unknown method: db.exec' } });
  });

  it('refuses names that only exist on the object prototype', async () => {
    const result = await core.dispatchUntrusted('constructor', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unknown_method');
  });

  it('validates arguments before the handler runs and says which field is wrong', async () => {
    const result = await core.dispatchUntrusted('shipments.page', { startRow: 0, endRow: 100, filter: { carrier: ['pony_express'] } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_argument');
      expect(result.error.message).toContain('filter.carrier.0');
    }
  });

  it('rejects unexpected fields rather than passing them to SQL', async () => {
    const result = await core.dispatchUntrusted('shipments.page', { startRow: 0, endRow: 100, orderBy: 'id; DROP TABLE x' });
    expect(result.ok).toBe(false);
  });

  it('rejects a block bigger than the grid ever asks for', async () => {
    const result = await core.dispatch('shipments.page', { startRow: 0, endRow: 50_000 });
    expect(result.ok).toBe(false);
  });

  it('returns a value envelope for a valid call', async () => {
    const result = await core.dispatch('system.stats', {});
    expect(result).toEqual({ ok: true, value: { total: 0, byStatus: {}, byCarrier: {} } });
  });
});
