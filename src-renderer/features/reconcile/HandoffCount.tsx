import type { HandoffProgress } from '../../../src-shared/api';
import { carrierLabel, keyName } from './labels';

/** "18 of 26 expected for UPS", big enough to read from the dock; the missing labels are one key away. */
export function HandoffCount({
  progress,
  missingKey,
  showing,
  onToggle,
}: {
  progress: HandoffProgress;
  missingKey: string;
  showing: boolean;
  onToggle(): void;
}) {
  const missing = progress.missing.length;
  return (
    <div className={missing === 0 ? 'handoff-count complete' : 'handoff-count'} data-testid="handoff-count">
      <span data-testid="handoff-count-text">
        <b>{progress.handedOver.toLocaleString()}</b> of <b>{progress.expected.toLocaleString()}</b> expected for {carrierLabel(progress.carrier)}
      </span>
      <button onClick={onToggle} aria-expanded={showing}>
        {showing ? 'Hide' : 'Show'} {missing.toLocaleString()} missing ({keyName(missingKey)})
      </button>
    </div>
  );
}

/** The labels of the day no handoff has scanned yet: what to look for before the driver leaves. */
export function MissingList({ progress, onClose }: { progress: HandoffProgress; onClose(): void }) {
  return (
    <section className="missing-list" data-testid="missing-list" aria-label="Expected but not scanned">
      <header>
        <b>
          Expected for {carrierLabel(progress.carrier)} on {progress.day}, not scanned yet ({progress.missing.length})
        </b>
        <button onClick={onClose}>Close</button>
      </header>
      {progress.missing.length === 0 ? (
        <p>Every expected parcel has been handed over.</p>
      ) : (
        <ol>
          {progress.missing.map((l) => (
            <li key={l.trackingNumber} className="mono">
              {l.trackingNumber}
              {l.orderNumber && <span className="muted-cell"> · order {l.orderNumber}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
