import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import type { PickupRow, ReturnRow } from '../../../src-shared/api';
import { nextDayWindow } from '../../../src-shared/domain/returns/pickups';
import { instantToWall, machineOffset } from '../../../src-shared/domain/time-zones/zones';
import { type Carrier } from '../../../src-shared/domain/tracking/status';
import { useAppStore } from '../../stores';
import { plural } from '../reconcile/labels';
import { carrierName, formatWhen, PICKUP_STATE_LABEL } from './labels';
import { LostRaceNote, useLostRaces } from './LostRace';
import { RETURN_COLUMNS, ReturnCells } from './ReturnCells';
import { ReturnsGrid, useReturnsHead } from './ReturnsGrid';
import { CarrierOptions } from '../../app/CarrierOptions';

interface Group {
  pickup: PickupRow;
  returns: ReturnRow[];
}

/** Rows (those with a pickup) arrive overdue-first and ordered by window; groups keep that order. */
function groupByPickup(rows: ReturnRow[], pickups: PickupRow[]): Group[] {
  const byId = new Map(pickups.map((p) => [p.id, p]));
  const groups = new Map<number, Group>();
  for (const r of rows) {
    const pickup = r.pickupId === null ? undefined : byId.get(r.pickupId);
    // A pickup gone from the list meanwhile: its returns wait for the next read rather than show under no pickup.
    if (!pickup) continue;
    const group = groups.get(pickup.id) ?? { pickup, returns: [] };
    group.returns.push(r);
    groups.set(pickup.id, group);
  }
  return [...groups.values()];
}

/** A datetime-local value (the clerk's wall time) for an instant, and back. */
const toLocalInput = (ms: number) => new Date(instantToWall(ms, machineOffset)).toISOString().slice(0, 16);
const fromLocalInput = (value: string) => new Date(value).toISOString();

/** The most one pickup takes (the core's limit): "all" beyond it is the first this many, in the list's order. */
const PICKUP_MAX = 500;

interface ScheduleProps {
  /** How many parcels the pickup is for, and one of them for its carrier. */
  count: number;
  sample: ReturnRow | null;
  scope: 'all' | 'ticked';
  /** The parcels' ids, read when the form is sent. */
  returnIds(): Promise<number[]>;
  onDone(): void;
}

function SchedulePickup({ count, sample, scope, returnIds, onDone }: ScheduleProps) {
  const create = useAppStore((s) => s.createPickup);
  const labelCarrier = sample?.carrier;
  const tomorrow9 = new Date();
  tomorrow9.setDate(tomorrow9.getDate() + 1);
  tomorrow9.setHours(9, 0, 0, 0);
  const [carrier, setCarrier] = useState<Carrier>((labelCarrier as Carrier | undefined) ?? 'ups');
  const [start, setStart] = useState(toLocalInput(tomorrow9.getTime()));
  const [end, setEnd] = useState(toLocalInput(tomorrow9.getTime() + 8 * 3_600_000));
  const [confirmation, setConfirmation] = useState('');
  const [location, setLocation] = useState('');
  return (
    <form
      className="pickup-form"
      data-testid="schedule-pickup"
      onSubmit={(e) => {
        e.preventDefault();
        void returnIds().then((ids) =>
          create({
            carrier,
            windowStart: fromLocalInput(start),
            windowEnd: fromLocalInput(end),
            returnIds: ids,
            ...(confirmation.trim() && { confirmationNumber: confirmation.trim() }),
            ...(location.trim() && { location: location.trim() }),
          }).then((ok) => ok && onDone()),
        );
      }}
    >
      <b>
        Schedule a pickup for{' '}
        {scope === 'ticked'
          ? `the ${plural(count, 'ticked parcel')}`
          : count > PICKUP_MAX
            ? `the first ${PICKUP_MAX} of ${plural(count, 'parcel')}`
            : `all ${plural(count, 'parcel')}`}
      </b>
      {scope === 'all' && <span className="hint">Tick parcels under “Include” to schedule only those.</span>}
      <label>
        Carrier
        <select value={carrier} onChange={(e) => setCarrier(e.target.value as Carrier)}>
          <CarrierOptions />
        </select>
      </label>
      <label>
        From <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
      </label>
      <label>
        To <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required />
      </label>
      <label>
        Confirmation <input value={confirmation} onChange={(e) => setConfirmation(e.target.value)} maxLength={64} />
      </label>
      <label>
        Location <input value={location} onChange={(e) => setLocation(e.target.value)} maxLength={200} />
      </label>
      <button className="primary" type="submit">
        Schedule
      </button>
    </form>
  );
}

const isTyping = (target: EventTarget | null) => target instanceof HTMLElement && target.closest('input, textarea, select') !== null;

/** The parcels ticked under "Include", for the grid's checkbox cells (rendered inside the grid, under this provider). */
const Chosen = createContext<{ chosen: Map<number, ReturnRow>; toggle(row: ReturnRow, on: boolean): void }>({ chosen: new Map(), toggle: () => undefined });

function IncludeCell({ data }: ICellRendererParams<ReturnRow>) {
  const { chosen, toggle } = useContext(Chosen);
  if (!data) return null;
  return (
    <input
      type="checkbox"
      aria-label={`Choose ${data.rmaNumber ?? data.trackingNumber}`}
      checked={chosen.has(data.id)}
      onChange={(e) => toggle(data, e.target.checked)}
    />
  );
}

const UNSCHEDULED = { view: 'pending_pickup', hasPickup: false } as const;
const UNSCHEDULED_COLUMNS: ColDef<ReturnRow>[] = [
  { colId: 'include', headerName: 'Include', width: 90, sortable: false, cellRenderer: IncludeCell },
  ...RETURN_COLUMNS,
  { field: 'reason', headerName: 'Reason', flex: 1, minWidth: 160 },
];

/** Returns with no pickup yet (customer drop-off, or one to schedule): a grid of any length, and the form to schedule them. */
function Unscheduled({ count, sample }: { count: number; sample: ReturnRow | null }) {
  const fetchBlock = useAppStore((s) => s.fetchReturnBlock);
  const [chosen, setChosen] = useState<Map<number, ReturnRow>>(new Map());
  const chosenState = useMemo(
    () => ({
      chosen,
      toggle: (row: ReturnRow, on: boolean) =>
        setChosen((was) => {
          const next = new Map(was);
          if (on) next.set(row.id, row);
          else next.delete(row.id);
          return next;
        }),
    }),
    [chosen],
  );
  const ticked = [...chosen.values()];
  const allIds = async () => (await fetchBlock({ ...UNSCHEDULED, startRow: 0, endRow: PICKUP_MAX })).rows.map((r) => r.id);
  return (
    <section className="pickup-group" data-testid="pickup-none" data-state="">
      <header>
        <b>No pickup scheduled (customer drop-off, or schedule one)</b>
        <span>{plural(count, 'parcel')}</span>
      </header>
      <Chosen.Provider value={chosenState}>
        <ReturnsGrid testId="unscheduled-grid" request={UNSCHEDULED} columns={UNSCHEDULED_COLUMNS} />
      </Chosen.Provider>
      {/* Every unscheduled return unless some are ticked: the form is always there, never behind the boxes. */}
      <SchedulePickup
        count={ticked.length > 0 ? ticked.length : count}
        sample={ticked.find((r) => r.carrier) ?? sample}
        scope={ticked.length > 0 ? 'ticked' : 'all'}
        returnIds={() => (ticked.length > 0 ? Promise.resolve(ticked.map((r) => r.id)) : allIds())}
        onDone={() => setChosen(new Map())}
      />
    </section>
  );
}

/** Returns awaiting collection, overdue pickups first; ↑/↓ choose a pickup, `m` marks it missed, `r` moves it a day. */
export function PendingPickupTab() {
  const rows = useAppStore((s) => s.returnRows);
  const pickups = useAppStore((s) => s.pickups);
  const markMissed = useAppStore((s) => s.markPickupMissed);
  const reschedule = useAppStore((s) => s.reschedulePickup);
  const unscheduled = useReturnsHead(UNSCHEDULED);
  const groups = useMemo(() => groupByPickup(rows, pickups), [rows, pickups]);
  const lostPickups = useLostRaces('pickup', pickups);
  const lostReturns = useLostRaces('return', rows);
  const selectable = groups.filter((g) => g.pickup.state === 'scheduled' || g.pickup.state === 'missed');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = selectable.find((g) => g.pickup.id === selectedId)?.pickup ?? selectable[0]?.pickup ?? null;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.altKey || e.metaKey || !selected) return;
      // Keys inside the grid move its rows, not the chosen pickup.
      if (e.target instanceof HTMLElement && e.target.closest('.ag-root')) return;
      const index = selectable.findIndex((g) => g.pickup.id === selected.id);
      if (e.key === 'ArrowDown' || e.key === 'j') setSelectedId(selectable[Math.min(index + 1, selectable.length - 1)].pickup.id);
      else if (e.key === 'ArrowUp' || e.key === 'k') setSelectedId(selectable[Math.max(index - 1, 0)].pickup.id);
      else if (e.key === 'm' && selected.state === 'scheduled') void markMissed(selected.id);
      else if (e.key === 'r') {
        const next = nextDayWindow(selected, Date.now());
        void reschedule(selected.id, next.windowStart, next.windowEnd);
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selected, selectable, markMissed, reschedule]);

  if (!unscheduled) return null;
  if (groups.length === 0 && unscheduled.count === 0)
    return <p className="empty-state">No returns are waiting to be collected. Import a returns file to announce some.</p>;

  return (
    <div className="pickup-groups">
      <p className="hint">
        <kbd>↑</kbd>/<kbd>↓</kbd> choose a pickup · <kbd>m</kbd> carrier did not come (missed) · <kbd>r</kbd> rescheduled for the next day
      </p>
      {groups.map(({ pickup: p, returns }) => (
        <section
          key={p.id}
          className={`pickup-group${p.id === selected?.id ? ' selected' : ''}${p.overdue ? ' overdue' : ''}`}
          data-testid={`pickup-${p.id}`}
          data-state={p.state}
          onClick={() => setSelectedId(p.id)}
        >
          <header>
            <b>{carrierName(p.carrier)}</b>
            <span>{p.confirmationNumber ? `#${p.confirmationNumber}` : 'no confirmation'}</span>
            <span>
              {formatWhen(p.windowStart)} – {formatWhen(p.windowEnd)}
            </span>
            {p.location && <span>{p.location}</span>}
            <span>{plural(p.parcelCount, 'parcel')}</span>
            <span className={`badge pickup-${p.state}`}>{PICKUP_STATE_LABEL[p.state]}</span>
            {p.overdue && <span className="badge overdue">Overdue</span>}
            <LostRaceNote conflict={lostPickups.get(p.id)} />
          </header>
          <table className="returns-table">
            <thead>
              <tr>
                <th>RMA</th>
                <th>Order</th>
                <th>Tracking</th>
                <th>Carrier</th>
                <th>State</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {returns.map((r) => (
                <tr key={r.id}>
                  <ReturnCells row={r} lost={lostReturns.get(r.id)} />
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {unscheduled.count > 0 && <Unscheduled count={unscheduled.count} sample={unscheduled.first} />}
    </div>
  );
}
