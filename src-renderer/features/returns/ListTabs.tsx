import { useMemo, useState } from 'react';
import type { ReturnRow } from '../../../src-shared/api';
import { useAppStore } from '../../stores';
import { downloadText } from '../reconcile/download';
import { plural } from '../reconcile/labels';
import { LostRaceNote, useLostRaces } from './LostRace';
import { ReturnCells } from './ReturnCells';
import { carrierName, CONDITION_HINTS, CONDITION_LABEL, formatArrival, formatTime, formatWhen, STATE_LABEL } from './labels';

const rmaOrTracking = (r: ReturnRow) => r.rmaNumber ?? r.trackingNumber ?? r.externalId;

type InboundSort = 'rma' | 'order' | 'carrier' | 'state' | 'arrival' | 'reason';
const INBOUND_COLUMNS: readonly [InboundSort | null, string][] = [
  ['rma', 'RMA'],
  ['order', 'Order'],
  [null, 'Tracking'],
  ['carrier', 'Carrier'],
  ['state', 'State'],
  [null, 'Carrier status'],
  ['arrival', 'Expected arrival'],
  ['reason', 'Reason'],
];
const sortValue: Record<InboundSort, (r: ReturnRow) => string> = {
  rma: (r) => r.rmaNumber ?? '',
  order: (r) => r.orderNumber ?? '',
  carrier: (r) => carrierName(r.carrier),
  state: (r) => STATE_LABEL[r.state],
  // In the building first, then by expected arrival, unknown last: the order the core lists them in.
  arrival: (r) => (r.state === 'arrived' ? '0' : r.expectedArrival ? `1${r.expectedArrival}` : '2'),
  reason: (r) => r.reason ?? '',
};

/** In transit back to us, and arrived (carrier says delivered) but not yet scanned at the dock: those first. */
export function InboundTab() {
  const rows = useAppStore((s) => s.returnRows);
  const [search, setSearch] = useState('');
  const [carrier, setCarrier] = useState('');
  const [state, setState] = useState('');
  const [sort, setSort] = useState<{ by: InboundSort; desc: boolean }>({ by: 'arrival', desc: false });
  const lost = useLostRaces('return', rows);
  const carriers = useMemo(() => [...new Set(rows.map((r) => r.carrier ?? ''))].filter(Boolean).sort(), [rows]);
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const kept = rows.filter(
      (r) =>
        (!carrier || r.carrier === carrier) &&
        (!state || r.state === state) &&
        (!needle || [r.rmaNumber, r.orderNumber, r.trackingNumber, r.reason].some((v) => v?.toLowerCase().includes(needle))),
    );
    const value = sortValue[sort.by];
    return kept.sort((a, b) => value(a).localeCompare(value(b), undefined, { numeric: true }) * (sort.desc ? -1 : 1) || a.id - b.id);
  }, [rows, search, carrier, state, sort]);
  if (rows.length === 0) return <p className="empty-state">Nothing is on its way back right now.</p>;
  return (
    <div className="inbound">
      <div className="toolbar inbound-filters">
        <span data-testid="inbound-count">
          {shown.length === rows.length ? plural(rows.length, 'return') : `${shown.length.toLocaleString()} of ${plural(rows.length, 'return')}`} on the way
        </span>
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="RMA, order, tracking or reason"
          aria-label="Search inbound"
        />
        <select value={carrier} onChange={(e) => setCarrier(e.target.value)} aria-label="Carrier filter">
          <option value="">All carriers</option>
          {carriers.map((c) => (
            <option key={c} value={c}>
              {carrierName(c)}
            </option>
          ))}
        </select>
        <select value={state} onChange={(e) => setState(e.target.value)} aria-label="State filter">
          <option value="">In transit and arrived</option>
          <option value="in_transit">{STATE_LABEL.in_transit}</option>
          <option value="arrived">{STATE_LABEL.arrived}</option>
        </select>
      </div>
      <table className="returns-table" data-testid="inbound-table">
        <thead>
          <tr>
            {INBOUND_COLUMNS.map(([key, label]) => (
              <th key={label} aria-sort={key && sort.by === key ? (sort.desc ? 'descending' : 'ascending') : undefined}>
                {key ? (
                  <button className="sort-header" onClick={() => setSort({ by: key, desc: sort.by === key ? !sort.desc : false })}>
                    {label}
                    {sort.by === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                  </button>
                ) : (
                  label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} className={r.state === 'arrived' ? 'arrived' : ''} data-testid="inbound-row">
              <ReturnCells row={r} lost={lost.get(r.id)} />
              <td>{r.shipmentStatus?.replace(/_/g, ' ') ?? '—'}</td>
              <td>{r.state === 'arrived' ? 'In the building' : formatArrival(r.expectedArrival)}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Description({ id, initial }: { id: number; initial: string }) {
  const update = useAppStore((s) => s.updateTriageItem);
  const [text, setText] = useState(initial);
  return (
    <textarea
      aria-label="Description"
      value={text}
      rows={2}
      maxLength={1000}
      placeholder="What is in the box, labels, paperwork…"
      onChange={(e) => setText(e.target.value)}
      onBlur={() => text.trim() !== initial && void update(id, { description: text.trim() })}
    />
  );
}

/** Parcels that matched nothing: the raw scan, where and when, and a description for whoever sorts it out. */
export function TriageTab() {
  const items = useAppStore((s) => s.triageItems);
  const update = useAppStore((s) => s.updateTriageItem);
  if (items.length === 0) return <p className="empty-state">No unexpected parcels waiting for triage.</p>;
  return (
    <table className="returns-table" data-testid="triage-table">
      <thead>
        <tr>
          <th>Scanned</th>
          <th>Raw scan</th>
          <th>Reads as</th>
          <th>Station</th>
          <th>Description</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((t) => (
          <tr key={t.id} data-testid="triage-row">
            <td>{formatWhen(t.scannedAt)}</td>
            <td className="mono">{t.raw}</td>
            <td className="mono">{t.trackingNumber ? `${carrierName(t.carrier)} ${t.trackingNumber}` : '—'}</td>
            <td>
              {t.station} · {t.operator}
            </td>
            <td>
              <Description key={`${t.id}:${t.description ?? ''}`} id={t.id} initial={t.description ?? ''} />
            </td>
            <td className="actions">
              <button onClick={() => void update(t.id, { action: 'accept' })} title="Keep it: it becomes a received return, ready for inspection">
                Accept
              </button>
              <button onClick={() => void update(t.id, { action: 'reject' })} title="Not ours to keep">
                Reject
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Everything the dock received today, with its condition; a parcel not inspected yet can be inspected here. */
export function ReceivedTodayTab() {
  const rows = useAppStore((s) => s.returnRows);
  const exportCsv = useAppStore((s) => s.exportReceivedToday);
  const saveCondition = useAppStore((s) => s.recordReturnCondition);
  const lost = useLostRaces('return', rows);
  return (
    <div className="received-today">
      <div className="toolbar">
        <span data-testid="received-count">{plural(rows.length, 'parcel')} received today</span>
        <button
          onClick={() =>
            void exportCsv().then((file) => {
              if (file) downloadText(file.filename, file.csv, 'text/csv;charset=utf-8');
            })
          }
        >
          Export CSV
        </button>
      </div>
      <table className="returns-table" data-testid="received-table">
        <thead>
          <tr>
            <th>Received</th>
            <th>RMA / label</th>
            <th>Order</th>
            <th>Carrier</th>
            <th>State</th>
            <th>Condition</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="received-row" data-condition={r.condition ?? ''}>
              <td>{formatTime(r.receivedAt)}</td>
              <td className="mono">{rmaOrTracking(r)}</td>
              <td>{r.orderNumber}</td>
              <td>{carrierName(r.carrier)}</td>
              <td>
                {STATE_LABEL[r.state]}
                <LostRaceNote conflict={lost.get(r.id)} />
              </td>
              <td>
                {r.condition
                  ? CONDITION_LABEL[r.condition]
                  : r.state === 'received' &&
                    CONDITION_HINTS.map((h) => (
                      <button key={h.key} className="small" onClick={() => void saveCondition(r.id, h.condition)}>
                        {h.label}
                      </button>
                    ))}
              </td>
              <td>{r.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
