import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../stores';
import { carrierLabel } from '../../../src-shared/domain/tracking/carriers';
import { serviceLabel } from '../../../src-shared/domain/tracking/services';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
const words = (s: string | null) => (s ?? '—').replace(/_/g, ' ');

/** One shipment as upstream sent it: addresses, weight, order, then its carrier events and audit trail. */
export function ShipmentDetailDrawer({ onClosed }: { onClosed(): void }) {
  const detail = useAppStore((s) => s.shipmentDetail);
  const openDetail = useAppStore((s) => s.openShipmentDetail);
  const refresh = useAppStore((s) => s.refreshShipmentTracking);
  const [asked, setAsked] = useState<string | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => setAsked(null), [detail?.id]);
  const open = detail !== null;
  const close = () => {
    void openDetail(null);
    onClosed();
  };
  // Opened: the keys come to the drawer; Esc closes it from anywhere.
  useEffect(() => {
    if (!open) return;
    closeButton.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  if (!detail) return null;
  const refreshNow = async () => {
    const { unpolled } = await refresh([detail.id]);
    setAsked(
      unpolled ? 'No carrier account is set up to ask about this parcel — see Settings.' : 'Asking the carrier now; this drawer updates when it answers.',
    );
  };
  const to = detail.shipTo;
  return (
    <aside className="drawer" aria-label="Shipment detail" data-testid="shipment-detail">
      <header className="drawer-head">
        <h2>{detail.trackingNumber}</h2>
        <button className="link" onClick={() => void refreshNow()}>
          Refresh now
        </button>
        <button className="link" ref={closeButton} onClick={close}>
          Close <kbd>Esc</kbd>
        </button>
      </header>
      {asked && (
        <p role="status" className="muted-note">
          {asked}
        </p>
      )}
      <dl className="facts">
        <dt>Carrier</dt>
        <dd>
          {carrierLabel(detail.carrier)} · {serviceLabel(detail.service) || '—'}
        </dd>
        <dt>Status</dt>
        <dd>
          {words(detail.status)}
          {detail.substatus ? ` · ${words(detail.substatus)}` : ''}
          {detail.isReturn ? ' · return' : ''}
          {detail.flags.length ? ` · ${detail.flags.map(words).join(', ')}` : ''}
        </dd>
        <dt>Source</dt>
        <dd>
          {detail.source} #{detail.externalId} (changed upstream {detail.syncRevision}×, last {when(detail.updatedAt)})
        </dd>
        <dt>Order</dt>
        <dd>
          {detail.orderNumber ?? '—'}
          {detail.orderValue !== null ? ` · ${detail.orderValue.toFixed(2)} ${detail.currency ?? ''}` : ''}
        </dd>
        <dt>Warehouse</dt>
        <dd>{detail.warehouse ?? '—'}</dd>
        <dt>Ship to</dt>
        <dd>{[to.name, to.city, to.region, to.postalCode, to.country].filter(Boolean).join(', ') || '—'}</dd>
        <dt>Weight</dt>
        <dd>{detail.weightOz !== null ? `${detail.weightOz} oz` : '—'}</dd>
        <dt>Label created</dt>
        <dd>{when(detail.labelCreatedAt)}</dd>
        <dt>Ship date</dt>
        <dd>{detail.shipDate ?? '—'}</dd>
        <dt>Expected</dt>
        <dd>
          {detail.expectedDeliveryCurrent ?? '—'}
          {detail.expectedDeliveryOriginal && detail.expectedDeliveryOriginal !== detail.expectedDeliveryCurrent
            ? ` (first promised ${detail.expectedDeliveryOriginal})`
            : ''}
        </dd>
      </dl>
      <h3>Carrier events</h3>
      {detail.events.length === 0 ? (
        <p className="muted-small">No carrier events yet.</p>
      ) : (
        <ol className="timeline">
          {detail.events.map((e, i) => (
            <li key={i}>
              <span className="muted-small">{e.occurredAt ? when(e.occurredAt) : `${e.localTime ?? '—'} (carrier local time)`}</span> {e.rawText}
              {e.location ? ` — ${e.location}` : ''}
              <span className="muted-small">
                {' '}
                [{e.rawCode}
                {e.status ? ` → ${words(e.status)}${e.substatus ? `/${words(e.substatus)}` : ''}` : ' · informational'}]
              </span>
            </li>
          ))}
        </ol>
      )}
      <h3>Audit</h3>
      {detail.audit.length === 0 ? (
        <p className="muted-small">Nobody has changed this shipment by hand.</p>
      ) : (
        <ol className="timeline">
          {detail.audit.map((a, i) => (
            <li key={i}>
              <span className="muted-small">{when(a.at)}</span> {words(a.action)}
              {a.operator ? ` by ${a.operator}` : ''}
              {a.station ? ` at ${a.station}` : ''}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
