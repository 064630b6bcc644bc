import { useEffect, useMemo, useState } from 'react';
import type { PickupRow, ReturnRow } from '../../../src-shared/api';
import { nextDayWindow } from '../../../src-shared/domain/returns/pickups';
import { instantToWall, machineOffset } from '../../../src-shared/domain/time-zones/zones';
import { CARRIERS, type Carrier } from '../../../src-shared/domain/tracking/status';
import { useAppStore } from '../../stores';
import { plural } from '../reconcile/labels';
import { carrierName, formatWhen, PICKUP_STATE_LABEL } from './labels';
import { LostRaceNote, useLostRaces } from './LostRace';
import { ReturnCells } from './ReturnCells';

interface Group {
  pickup: PickupRow | null;
  returns: ReturnRow[];
}

/** Rows arrive overdue-first and ordered by window; groups keep that order, unscheduled returns last. */
function groupByPickup(rows: ReturnRow[], pickups: PickupRow[]): Group[] {
  const byId = new Map(pickups.map((p) => [p.id, p]));
  const groups = new Map<number | null, Group>();
  for (const r of rows) {
    const key = r.pickupId !== null && byId.has(r.pickupId) ? r.pickupId : null;
    const group = groups.get(key) ?? { pickup: key === null ? null : (byId.get(key) as PickupRow), returns: [] };
    group.returns.push(r);
    groups.set(key, group);
  }
  const unscheduled = groups.get(null);
  groups.delete(null);
  return [...groups.values(), ...(unscheduled ? [unscheduled] : [])];
}

/** A datetime-local value (the clerk's wall time) for an instant, and back. */
const toLocalInput = (ms: number) => new Date(instantToWall(ms, machineOffset)).toISOString().slice(0, 16);
const fromLocalInput = (value: string) => new Date(value).toISOString();

function SchedulePickup({ returns, scope, onDone }: { returns: ReturnRow[]; scope: 'all' | 'ticked'; onDone(): void }) {
  const create = useAppStore((s) => s.createPickup);
  const labelCarrier = returns.find((r) => r.carrier)?.carrier;
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
        void create({
          carrier,
          windowStart: fromLocalInput(start),
          windowEnd: fromLocalInput(end),
          returnIds: returns.map((r) => r.id),
          ...(confirmation.trim() && { confirmationNumber: confirmation.trim() }),
          ...(location.trim() && { location: location.trim() }),
        }).then((ok) => ok && onDone());
      }}
    >
      <b>Schedule a pickup for {scope === 'all' ? `all ${plural(returns.length, 'parcel')}` : `the ${plural(returns.length, 'ticked parcel')}`}</b>
      {scope === 'all' && <span className="hint">Tick parcels under “Include” to schedule only those.</span>}
      <label>
        Carrier
        <select value={carrier} onChange={(e) => setCarrier(e.target.value as Carrier)}>
          {CARRIERS.map((c) => (
            <option key={c} value={c}>
              {carrierName(c)}
            </option>
          ))}
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

/** Returns awaiting collection, overdue pickups first; ↑/↓ choose a pickup, `m` marks it missed, `r` moves it a day. */
export function PendingPickupTab() {
  const rows = useAppStore((s) => s.returnRows);
  const pickups = useAppStore((s) => s.pickups);
  const markMissed = useAppStore((s) => s.markPickupMissed);
  const reschedule = useAppStore((s) => s.reschedulePickup);
  const groups = useMemo(() => groupByPickup(rows, pickups), [rows, pickups]);
  const lostPickups = useLostRaces('pickup', pickups);
  const lostReturns = useLostRaces('return', rows);
  const selectable = groups.filter((g) => g.pickup && (g.pickup.state === 'scheduled' || g.pickup.state === 'missed'));
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const selected = selectable.find((g) => g.pickup?.id === selectedId)?.pickup ?? selectable[0]?.pickup ?? null;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.altKey || e.metaKey || !selected) return;
      const index = selectable.findIndex((g) => g.pickup?.id === selected.id);
      if (e.key === 'ArrowDown' || e.key === 'j') setSelectedId(selectable[Math.min(index + 1, selectable.length - 1)].pickup?.id ?? null);
      else if (e.key === 'ArrowUp' || e.key === 'k') setSelectedId(selectable[Math.max(index - 1, 0)].pickup?.id ?? null);
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

  if (groups.length === 0) return <p className="empty-state">No returns are waiting to be collected. Import a returns file to announce some.</p>;
  const unscheduledChosen = rows.filter((r) => chosen.has(r.id));

  return (
    <div className="pickup-groups">
      <p className="hint">
        <kbd>↑</kbd>/<kbd>↓</kbd> choose a pickup · <kbd>m</kbd> carrier did not come (missed) · <kbd>r</kbd> rescheduled for the next day
      </p>
      {groups.map((g) => {
        const p = g.pickup;
        const isSelected = p !== null && p.id === selected?.id;
        return (
          <section
            key={p?.id ?? 'none'}
            className={`pickup-group${isSelected ? ' selected' : ''}${p?.overdue ? ' overdue' : ''}`}
            data-testid={p ? `pickup-${p.id}` : 'pickup-none'}
            data-state={p?.state ?? ''}
            onClick={() => p && setSelectedId(p.id)}
          >
            <header>
              {p ? (
                <>
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
                </>
              ) : (
                <b>No pickup scheduled (customer drop-off, or schedule one)</b>
              )}
            </header>
            <table className="returns-table">
              <thead>
                <tr>
                  {!p && <th>Include</th>}
                  <th>RMA</th>
                  <th>Order</th>
                  <th>Tracking</th>
                  <th>Carrier</th>
                  <th>State</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {g.returns.map((r) => (
                  <tr key={r.id}>
                    {!p && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Choose ${r.rmaNumber ?? r.trackingNumber}`}
                          checked={chosen.has(r.id)}
                          onChange={(e) => {
                            const next = new Set(chosen);
                            if (e.target.checked) next.add(r.id);
                            else next.delete(r.id);
                            setChosen(next);
                          }}
                        />
                      </td>
                    )}
                    <ReturnCells row={r} lost={lostReturns.get(r.id)} />
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!p && (
              // Every unscheduled return unless some are ticked: the form is always there, never behind the boxes.
              <SchedulePickup
                returns={unscheduledChosen.length > 0 ? unscheduledChosen : g.returns}
                scope={unscheduledChosen.length > 0 ? 'ticked' : 'all'}
                onDone={() => setChosen(new Set())}
              />
            )}
          </section>
        );
      })}
    </div>
  );
}
