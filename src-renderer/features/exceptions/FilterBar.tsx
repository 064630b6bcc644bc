import { ASSIGNEE_ME, ASSIGNEE_NONE, type ExceptionFilter } from '../../../src-shared/api';
import { QUEUE_REASONS } from '../../../src-shared/domain/exceptions/reasons';
import type { ExceptionState } from '../../../src-shared/domain/exceptions/states';
import { CARRIERS, FLAGS } from '../../../src-shared/domain/tracking/status';
import { useAppStore } from '../../stores';
import { words } from './columns';
import { carrierLabel } from '../../../src-shared/domain/tracking/carriers';
import { serviceLabel } from '../../../src-shared/domain/tracking/services';

const STATE_CHOICES: Record<string, ExceptionState[] | undefined> = {
  queue: undefined,
  snoozed: ['snoozed'],
  closed: ['resolved', 'auto_resolved'],
  all: ['open', 'in_progress', 'snoozed', 'resolved', 'auto_resolved'],
};
const AGE_CHOICES: [string, number | undefined][] = [
  ['any age', undefined],
  ['older than 4 h', 4],
  ['older than 1 day', 24],
  ['older than 3 days', 72],
  ['older than 7 days', 168],
];

const first = <T,>(values: readonly T[] | undefined): T | '' => values?.[0] ?? '';
const one = <T extends string>(value: string): T[] | undefined => (value ? [value as T] : undefined);

function stateKey(state: ExceptionState[] | undefined): string {
  return Object.entries(STATE_CHOICES).find(([, v]) => JSON.stringify(v) === JSON.stringify(state))?.[0] ?? 'all';
}

/** How many of the filters behind "More filters" are set, so a narrowed queue never looks like the whole one. */
export const moreFiltersSet = (filter: ExceptionFilter): number =>
  [filter.service, filter.warehouse, filter.assignee, filter.ageHoursMin, filter.orderValueMin, filter.orderValueMax].filter((v) => v !== undefined).length;

function useFilterControls() {
  const filter = useAppStore((s) => s.exceptionFilter);
  const patch = useAppStore((s) => s.patchExceptionFilter);
  const options = useAppStore((s) => s.exceptionDashboard?.options);
  const operators = useAppStore((s) => s.operators);
  const number = (text: string): number | undefined => (text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Math.max(0, Number(text)));
  const assignees = [...new Set([...operators.map((o) => o.name), ...(options?.assignees ?? [])])].sort();
  const select = (label: string, value: string, choices: [string, string][], onChange: (v: string) => void) => (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {choices.map(([v, text]) => (
        <option key={v} value={v}>
          {text}
        </option>
      ))}
    </select>
  );
  return { filter, patch, options, number, assignees, select };
}

/** The filters used all day, on the one filter row. Every filter runs in the core's SQL; the grid shows what comes back. */
export function FilterBar() {
  const { filter, patch, select } = useFilterControls();
  return (
    <>
      <input
        id="exception-search"
        type="search"
        className="search"
        placeholder="Tracking or order no. ( / )"
        aria-label="Search tracking or order number"
        key={`search-${filter.search ?? ''}`}
        defaultValue={filter.search ?? ''}
        onKeyDown={(e) => e.key === 'Enter' && patch({ search: e.currentTarget.value.trim() || undefined })}
        onBlur={(e) => (e.target.value.trim() || undefined) !== filter.search && patch({ search: e.target.value.trim() || undefined })}
      />
      {select(
        'State',
        stateKey(filter.state),
        [
          ['queue', 'Open queue'],
          ['snoozed', 'Snoozed'],
          ['closed', 'Resolved'],
          ['all', 'All states'],
        ],
        (v) => patch({ state: STATE_CHOICES[v] }),
      )}
      {select('Reason', first(filter.reason), [['', 'All reasons'], ...QUEUE_REASONS.map((r): [string, string] => [r, words(r)])], (v) =>
        patch({ reason: one(v) }),
      )}
      {select('Flag', first(filter.flag), [['', 'Any flag'], ...FLAGS.map((f): [string, string] => [f, words(f)])], (v) => patch({ flag: one(v) }))}
      {select('Carrier', first(filter.carrier), [['', 'All carriers'], ...CARRIERS.map((c): [string, string] => [c, carrierLabel(c)])], (v) =>
        patch({ carrier: one(v) }),
      )}
    </>
  );
}

/** The rarer filters, shown on their own row only when asked for. */
export function MoreFilters() {
  const { filter, patch, options, number, assignees, select } = useFilterControls();
  return (
    <>
      {select('Service', first(filter.service), [['', 'All services'], ...(options?.services ?? []).map((s): [string, string] => [s, serviceLabel(s)])], (v) =>
        patch({ service: one(v) }),
      )}
      {select('Warehouse', first(filter.warehouse), [['', 'All warehouses'], ...(options?.warehouses ?? []).map((w): [string, string] => [w, w])], (v) =>
        patch({ warehouse: one(v) }),
      )}
      {select(
        'Assignee',
        first(filter.assignee),
        [['', 'Anyone'], [ASSIGNEE_ME, 'Me'], [ASSIGNEE_NONE, 'Unassigned'], ...assignees.map((a): [string, string] => [a, a])],
        (v) => patch({ assignee: one(v) }),
      )}
      {select(
        'Age',
        String(filter.ageHoursMin ?? ''),
        AGE_CHOICES.map(([text, h]): [string, string] => [h === undefined ? '' : String(h), text]),
        (v) => patch({ ageHoursMin: number(v) }),
      )}
      <input
        className="money"
        type="number"
        min={0}
        aria-label="Order value from"
        key={`min-${filter.orderValueMin ?? ''}`}
        placeholder="Value from"
        defaultValue={filter.orderValueMin ?? ''}
        onBlur={(e) => number(e.target.value) !== filter.orderValueMin && patch({ orderValueMin: number(e.target.value) })}
        onKeyDown={(e) => e.key === 'Enter' && patch({ orderValueMin: number(e.currentTarget.value) })}
      />
      <input
        className="money"
        type="number"
        min={0}
        aria-label="Order value to"
        key={`max-${filter.orderValueMax ?? ''}`}
        placeholder="to"
        defaultValue={filter.orderValueMax ?? ''}
        onBlur={(e) => number(e.target.value) !== filter.orderValueMax && patch({ orderValueMax: number(e.target.value) })}
        onKeyDown={(e) => e.key === 'Enter' && patch({ orderValueMax: number(e.currentTarget.value) })}
      />
    </>
  );
}
