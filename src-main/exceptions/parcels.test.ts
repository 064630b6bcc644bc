import { describe, expect, it } from 'vitest';
import type { ExceptionRow } from '../../src-shared/api';
import { parcelRow } from './parcels';

const item = (id: number, reason: ExceptionRow['reason'], severity: number, priority: number, ageHours: number) =>
  ({
    id,
    version: 1,
    shipmentId: 7,
    reason,
    state: 'open',
    severity,
    priority,
    priorityExplanation: `${reason} = ${priority}`,
    ageHours,
    assignee: null,
    facets: [],
  }) as unknown as ExceptionRow;

describe('one parcel, one row', () => {
  it.each([
    {
      name: 'the most severe item leads, whatever its priority',
      items: [item(1, 'late', 5, 900, 30), item(2, 'address_issue', 8, 400, 2), item(3, 'stalled', 4, 100, 60)],
      lead: 2,
      reasons: ['address_issue', 'late', 'stalled'],
      priority: 900,
      age: 60,
    },
    {
      name: 'equal severity: the more urgent leads',
      items: [item(4, 'late', 5, 10, 1), item(5, 'attempt_failed', 5, 20, 1)],
      lead: 5,
      reasons: ['attempt_failed', 'late'],
      priority: 20,
      age: 1,
    },
    { name: 'a single item is its own parcel', items: [item(6, 'damaged', 10, 50, 3)], lead: 6, reasons: ['damaged'], priority: 50, age: 3 },
  ])('$name', ({ items, lead, reasons, priority, age }) => {
    const row = parcelRow(items);
    expect(row.id).toBe(lead);
    expect(row.facets.map((f) => f.reason)).toEqual(reasons);
    expect(row.priority).toBe(priority);
    expect(row.ageHours).toBe(age);
    // The number in the cell is accounted for: its own item's sum first, then every other reason.
    expect(row.priorityExplanation.split('\n')).toHaveLength(items.length);
    expect(row.priorityExplanation.startsWith(`${items.find((i) => i.priority === priority)?.reason} = ${priority}`)).toBe(true);
  });
});
