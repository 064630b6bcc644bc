import type { ExceptionFacet, ExceptionRow } from '../../src-shared/api';

const facetOf = (r: ExceptionRow): ExceptionFacet => ({
  id: r.id,
  version: r.version,
  reason: r.reason,
  state: r.state,
  severity: r.severity,
  priority: r.priority,
  priorityExplanation: r.priorityExplanation,
  ageHours: r.ageHours,
  assignee: r.assignee,
});

/** Most severe first; among equals the more urgent, then the older item. */
const bySeverity = (a: ExceptionRow, b: ExceptionRow) => b.severity - a.severity || b.priority - a.priority || a.id - b.id;

/**
 * One parcel's row from its items (all of one shipment, at least one): the most severe item leads, every item
 * is a facet. Priority and age are the parcel's highest, the figures the view sorts it by, and the explanation
 * names every item so the number in the cell is accounted for.
 */
export function parcelRow(items: readonly ExceptionRow[]): ExceptionRow {
  const ranked = [...items].sort(bySeverity);
  const lead = ranked[0];
  const top = ranked.reduce((best, r) => (r.priority > best.priority ? r : best), lead);
  const others = ranked.filter((r) => r !== top).map((r) => `also ${r.priorityExplanation}`);
  return {
    ...lead,
    priority: top.priority,
    priorityExplanation: [top.priorityExplanation, ...others].join('\n'),
    ageHours: Math.max(...ranked.map((r) => r.ageHours)),
    facets: ranked.map(facetOf),
  };
}
