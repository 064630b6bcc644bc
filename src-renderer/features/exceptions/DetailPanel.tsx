import { useEffect, useState } from 'react';
import type { ExceptionRow, ExceptionTimelineEntry, HubConflict } from '../../../src-shared/api';
import { conflictText, presenceText } from '../../../src-shared/domain/hub/conflict-text';
import { grouped } from '../../../src-shared/domain/exceptions/priority';
import { useAppStore } from '../../stores';
import { shortDateTime, words } from './columns';
import { carrierLabel } from '../../../src-shared/domain/tracking/carriers';
import { serviceLabel } from '../../../src-shared/domain/tracking/services';

/** "state: open → in progress, assignee: — → Ana": what an audit entry changed, in one line. */
function changeText(entry: ExceptionTimelineEntry): string {
  if (entry.text && entry.action === 'noted') return `“${entry.text}”`;
  // A change that lost a race on the hub: the kept version is already the item's; say whose it is.
  if (entry.action === 'hub_conflict_lost') return `kept the change made at ${String(entry.after?.wonBy ?? 'another station')}`;
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  // A freshly opened item has no "before": only what the carrier said matters.
  const parts = Object.keys(entry.before ? after : {})
    .filter(
      (key) =>
        !['reason', 'shipmentStatus', 'substatus', 'priority'].includes(key) && JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
    )
    .map((key) => `${words(key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))}: ${words(String(before[key] ?? '—'))} → ${words(String(after[key] ?? '—'))}`);
  if (after.shipmentStatus) parts.push(`carrier status ${words(String(after.shipmentStatus))}${after.substatus ? ` / ${words(String(after.substatus))}` : ''}`);
  return parts.join(', ');
}

/**
 * This item's latest lost race on the hub, while nobody here has acted on it since: another station's change
 * was accepted first, and the person can take it back (reopen) or do theirs again.
 */
function useLostRace(row: ExceptionRow | null, entries: ExceptionTimelineEntry[]): HubConflict | null {
  const recordConflicts = useAppStore((s) => s.recordConflicts);
  const [conflict, setConflict] = useState<HubConflict | null>(null);
  const id = row?.id;
  const version = row?.version;
  useEffect(() => {
    let current = true;
    setConflict(null);
    if (id !== undefined) void recordConflicts('exception', id).then((found) => current && setConflict(found[0] ?? null));
    return () => void (current = false);
  }, [id, version, recordConflicts]);
  const actedSince = conflict && entries.some((e) => e.kind === 'audit' && e.exceptionId === id && e.action !== 'hub_conflict_lost' && e.at > conflict.lostAt);
  return actedSince ? null : conflict;
}

/** "Ana has this open at Pack 3": the others working this item right now, through the hub. */
function usePresenceHere(row: ExceptionRow | null): string | null {
  const presence = useAppStore((s) => s.presence.exception);
  const holdPresence = useAppStore((s) => s.holdPresence);
  const id = row?.id;
  useEffect(() => (id === undefined ? undefined : holdPresence('exception', id)), [id, holdPresence]);
  const others = (presence ?? []).filter((p) => p.id === id);
  return others.length ? others.map(presenceText).join('; ') : null;
}

export function DetailPanel({ row, onReopen, onRedo }: { row: ExceptionRow | null; onReopen(): void; onRedo(mode: 'resolve' | 'snooze' | 'note'): void }) {
  const timeline = useAppStore((s) => s.exceptionTimeline);
  const entries = row && timeline?.shipmentId === row.shipmentId ? timeline.entries : [];
  const lost = useLostRace(row, entries);
  const here = usePresenceHere(row);
  if (!row) return <aside className="detail-panel muted-text">Move to an exception (j / k) to see its shipment and history.</aside>;
  return (
    <aside className="detail-panel" aria-label="Shipment detail" data-testid="detail-panel">
      {here && (
        <p className="presence-note" data-testid="exception-presence">
          {here}
        </p>
      )}
      {lost && (
        <div className="conflict-note" role="status" data-testid="exception-conflict">
          <p>
            Your change came too late: {conflictText(lost, Date.now())}.
            {lost.lostState && lost.lostState !== lost.keptState ? ` Yours would have left it ${words(lost.lostState)}.` : ''}
          </p>
          {/* A closed item takes no other action: reopen it, then do yours again. */}
          {row.state === 'resolved' || row.state === 'auto_resolved' ? (
            <button type="button" onClick={onReopen}>
              Reopen
            </button>
          ) : (
            <button type="button" onClick={() => onRedo(lost.lostState === 'resolved' ? 'resolve' : lost.lostState === 'snoozed' ? 'snooze' : 'note')}>
              Redo mine
            </button>
          )}
        </div>
      )}
      <h2>
        {row.trackingNumber}{' '}
        <span className="muted-text">
          {carrierLabel(row.carrier)} {serviceLabel(row.service)}
        </span>
      </h2>
      <dl>
        <dt>{row.facets.length > 1 ? `${row.facets.length} reasons` : 'Reason'}</dt>
        <dd>
          {words(row.state)}
          {row.assignee ? ` · ${row.assignee}` : ''}
          <ul className="facets" data-testid="facets">
            {row.facets.map((f) => (
              <li key={f.id}>
                <b>{words(f.reason)}</b> <span className="muted-text">{f.priorityExplanation}</span>
              </li>
            ))}
          </ul>
        </dd>
        <dt>Priority</dt>
        <dd data-testid="priority-explained">
          {grouped(row.priority)} <span className="muted-text">(the highest of its reasons: severity × order value × age)</span>
        </dd>
        <dt>Carrier status</dt>
        <dd>
          {words(row.status)}
          {row.substatus ? ` / ${words(row.substatus)}` : ''}
          {row.flags.length ? ` · ${row.flags.map(words).join(', ')}` : ''}
        </dd>
        <dt>Order</dt>
        <dd>
          {row.orderNumber ?? '—'}
          {row.orderValue !== null ? ` · ${grouped(row.orderValue, 2)} ${row.currency ?? ''}` : ''} · {row.warehouse ?? 'no warehouse'}
        </dd>
        <dt>Expected</dt>
        <dd>
          {row.expectedDeliveryCurrent ?? '—'}
          {row.expectedDeliveryOriginal && row.expectedDeliveryOriginal !== row.expectedDeliveryCurrent ? ` (promised ${row.expectedDeliveryOriginal})` : ''}
        </dd>
        {row.resolutionCode && (
          <>
            <dt>Resolution</dt>
            <dd>
              {words(row.resolutionCode)}
              {row.resolutionNote ? ` — ${row.resolutionNote}` : ''}
              {row.closedBy ? ` (${row.closedBy})` : ''}
            </dd>
          </>
        )}
      </dl>
      <h3>Timeline</h3>
      <ol className="timeline" data-testid="timeline">
        {entries.map((e, i) => (
          <li key={i} className={e.kind === 'audit' ? 'audit' : 'event'}>
            <time>{shortDateTime(e.at)}</time>
            {e.kind === 'audit' ? (
              <span>
                <b>{words(e.action)}</b> {words(e.reason)} — {e.operator ?? 'system'}
                {e.station ? ` @ ${e.station}` : ''} <span className="muted-text">{changeText(e)}</span>
              </span>
            ) : (
              <span>
                <b>{words(e.action)}</b> {e.text} <span className="muted-text">{e.location ?? ''}</span>
              </span>
            )}
          </li>
        ))}
      </ol>
    </aside>
  );
}
