import { useEffect } from 'react';
import { useAppStore } from '../../stores';

/** A carrier whose credentials were refused stops polling; someone must see that from every view. */
export function CarrierBanner() {
  const carriers = useAppStore((s) => s.carriers);
  const loadCarriers = useAppStore((s) => s.loadCarriers);
  const setView = useAppStore((s) => s.setView);
  useEffect(() => void loadCarriers(), [loadCarriers]);
  const refused = carriers.filter((c) => c.state === 'auth_failed');
  if (refused.length === 0) return null;
  return (
    <div className="error-banner carrier-banner" role="alert">
      {refused.map((c) => c.label).join(', ')} tracking stopped: the carrier refused Waybill's credentials.{' '}
      <button onClick={() => setView('settings')}>Fix in Settings</button>
    </div>
  );
}
