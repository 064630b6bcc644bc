import { useAppStore } from '../../stores';
import { BoardView } from './BoardView';
import { EndOfDayView } from './EndOfDayView';
import { ClosedSessionPanel } from './ManifestPanel';
import { OpenSessionForm } from './OpenSessionForm';
import { ScanStation } from './ScanStation';
import './reconcile.css';

export function ReconcileView() {
  const tab = useAppStore((s) => s.reconcileTab);
  const setTab = useAppStore((s) => s.setReconcileTab);
  const session = useAppStore((s) => s.scanSession);
  const closed = useAppStore((s) => s.closedSession);
  const error = useAppStore((s) => s.reconcileError);

  return (
    <section className="view reconcile-view">
      <header className="toolbar no-print">
        <h1>Reconcile</h1>
        <div className="tabs" role="tablist">
          <button role="tab" aria-selected={tab === 'scan'} className={tab === 'scan' ? 'tab active' : 'tab'} onClick={() => setTab('scan')}>
            Scan station
          </button>
          <button role="tab" aria-selected={tab === 'day'} className={tab === 'day' ? 'tab active' : 'tab'} onClick={() => setTab('day')}>
            End of day
          </button>
          <button role="tab" aria-selected={tab === 'board'} className={tab === 'board' ? 'tab active' : 'tab'} onClick={() => setTab('board')}>
            Board
          </button>
        </div>
      </header>
      {error && (
        <p className="error-banner no-print" role="alert">
          {error}
        </p>
      )}
      {tab === 'board' ? (
        <BoardView />
      ) : tab === 'day' ? (
        <EndOfDayView />
      ) : closed ? (
        <ClosedSessionPanel {...closed} />
      ) : session ? (
        <ScanStation key={session.id} session={session} />
      ) : (
        <OpenSessionForm />
      )}
    </section>
  );
}
