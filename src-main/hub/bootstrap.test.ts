import { describe, expect, it } from 'vitest';
import { joinOrder, secondsLeft } from './bootstrap';
import type { TableShape } from './replica';

const shape = (name: string, references: Record<string, string> = {}): TableShape => ({
  name,
  keyExpr: 'id',
  idKeyed: true,
  columns: [],
  known: new Set(),
  types: {},
  references,
  pullable: true,
  uniques: [],
});

describe('a join', () => {
  it.each<[string, number, number, number, number, number, number | null]>([
    ['not under way a second yet', 100, 1_000, 0, 0, 500, null],
    ['nothing moved', 0, 1_000, 0, 0, 10_000, null],
    ['half done in 10 s', 500, 1_000, 0, 0, 10_000, 10],
    ['resumed at 400, 100 more in 5 s', 500, 1_000, 400, 0, 5_000, 25],
    ['done', 1_000, 1_000, 0, 0, 4_000, 0],
  ])('tells the seconds left: %s', (_, done, total, doneAtStart, startedAt, now, expected) => {
    expect(secondsLeft(done, total, doneAtStart, startedAt, now)).toBe(expected);
  });

  it('takes every table after the ones it refers to, and the audit trail last', () => {
    const shapes = new Map(
      [
        shape('audit_log'),
        shape('scans', { session_id: 'scan_sessions', shipment_id: 'shipments' }),
        shape('exceptions', { shipment_id: 'shipments' }),
        shape('scan_sessions'),
        shape('shipments'),
      ].map((s) => [s.name, s]),
    );
    const order = joinOrder(shapes).map((s) => s.name);
    expect(order.at(-1)).toBe('audit_log');
    expect(order.indexOf('shipments')).toBeLessThan(order.indexOf('scans'));
    expect(order.indexOf('scan_sessions')).toBeLessThan(order.indexOf('scans'));
    expect(order.indexOf('shipments')).toBeLessThan(order.indexOf('exceptions'));
    expect(new Set(order).size).toBe(5);
  });
});
