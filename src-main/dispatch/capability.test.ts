import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_NAMES, methodNames } from '../../src-shared/api';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { combineHandlers, tableOwners, type Capability } from './capability';

let core: TempCore;
beforeAll(() => {
  core = createTempCore();
});
afterAll(() => core.dispose());

const stub = (name: string, handlers: Capability['handlers'], tables: Capability['tables'] = {}): Capability => ({
  name,
  handlers,
  events: [],
  tables,
  service: undefined,
});

describe('the core is a list of capabilities', () => {
  it('answers every method of the contract through exactly one capability', () => {
    const answered = core.capabilities.flatMap((c) => Object.keys(c.handlers));
    expect([...answered].sort()).toEqual([...methodNames].sort());
  });

  it('names, for every event a window can hear, a capability that emits it', () => {
    const emitted = new Set(core.capabilities.flatMap((c) => c.events));
    expect(EVENT_NAMES.filter((name) => !emitted.has(name))).toEqual([]);
  });

  it('refuses to start with a method answered twice or not at all, or a table with two owners', () => {
    const all = combineHandlers(core.capabilities);
    expect(() => combineHandlers([stub('a', all), stub('b', { 'system.status': all['system.status'] })])).toThrow('system.status is answered by both a and b');
    const { 'shipments.page': _missing, ...rest } = all;
    expect(() => combineHandlers([stub('a', rest)])).toThrow('no capability answers shipments.page');
    expect(() => tableOwners([stub('a', {}, { scans: 'replicated' }), stub('b', {}, { scans: 'local' })])).toThrow('table scans is owned by both a and b');
  });
});
