import type { ExceptionRow, ExceptionTimelineEntry } from '../../../src-shared/api';
import { grouped } from '../../../src-shared/domain/exceptions/priority';
import { useAppStore } from '../../stores';
import { shortDateTime, words } from './columns';
import { carrierLabel } from '../../../src-shared/domain/tracking/carriers';

/** "state: open → in progress, assignee: — → Ana": what an audit entry changed, in one line. */
function changeText(entry: ExceptionTimelineEntry): string {
  if (entry.text && entry.action === 'noted') return `“${entry.text}”`;
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

export function DetailPanel({ row }: { row: ExceptionRow | null }) {
  const timeline = useAppStore((s) => s.exceptionTimeline);
  if (!row) return <aside className="detail-panel muted-text">Move to an exception (j / k) to see its shipment and history.</aside>;
  const entries = timeline?.shipmentId === row.shipmentId ? timeline.entries : [];
  return (
    <aside className="detail-panel" aria-label="Shipment detail" data-testid="detail-panel">
      <h2>
        {row.trackingNumber}{' '}
        <span className="muted-text">
          {carrierLabel(row.carrier)} {words(row.service)}
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
