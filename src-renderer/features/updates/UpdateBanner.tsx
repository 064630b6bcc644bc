import { useEffect } from 'react';
import type { BusyReason } from '../../../src-shared/api';
import { useAppStore } from '../../stores';
import './updates.css';

const UPDATES_REFRESH_MS = 60_000;

const BUSY_WORDS: Record<BusyReason, string> = { 'scan-session': 'the open scan session', export: 'the running export' };
const describeBusy = (busy: readonly BusyReason[]): string => busy.map((b) => BUSY_WORDS[b]).join(' and ');

/** Shown only once an update is downloaded and verified; the app never restarts without being asked. */
export function UpdateBanner() {
  const updates = useAppStore((s) => s.updates);
  const error = useAppStore((s) => s.updateError);
  const refresh = useAppStore((s) => s.refreshUpdates);
  const restart = useAppStore((s) => s.restartToUpdate);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), UPDATES_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  if (updates?.state !== 'ready') return null;
  const busy = describeBusy(updates.restartBlockedBy);
  return (
    <aside className="update-banner" role="status" aria-label="Update" data-testid="update-banner">
      <span>Waybill {updates.availableVersion} is ready. It installs the next time Waybill quits.</span>
      {updates.restartPending ? (
        <span className="update-wait">Restarting as soon as {busy} is finished.</span>
      ) : (
        <button onClick={() => void restart()}>Restart to update</button>
      )}
      {!updates.restartPending && busy && <span className="update-wait">The restart will wait for {busy}.</span>}
      {error && <span className="update-error">{error}</span>}
    </aside>
  );
}
