import { useEffect, useState } from 'react';
import { CARRIER_BANNER_AFTER_MS, failingSince, isFailing } from '../../stores/carrier-standing';
import { useAppStore } from '../../stores';

const time = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/**
 * Carrier trouble someone must see from every view: credentials refused (polling stopped), or a carrier that
 * has not answered for 15 minutes (tracking is going stale).
 */
export function CarrierBanner() {
  const carriers = useAppStore((s) => s.carriers);
  const seen = useAppStore((s) => s.carrierFailingSeen);
  const loadCarriers = useAppStore((s) => s.loadCarriers);
  const setView = useAppStore((s) => s.setView);
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    void loadCarriers();
    // The status bar and this banner follow the carriers from every view.
    const timer = setInterval(() => {
      setNow(Date.now());
      void loadCarriers();
    }, 15_000);
    return () => clearInterval(timer);
  }, [loadCarriers]);
  const refused = carriers.filter((c) => c.state === 'auth_failed');
  const down = carriers.filter((c) => c.state !== 'auth_failed' && isFailing(c) && now - failingSince(c, seen[c.carrier], now) >= CARRIER_BANNER_AFTER_MS);
  if (refused.length === 0 && down.length === 0) return null;
  return (
    <>
      {refused.length > 0 && (
        <div className="error-banner carrier-banner" role="alert">
          {refused.map((c) => c.label).join(', ')} tracking stopped: the carrier refused Waybill's credentials.{' '}
          <button onClick={() => setView('settings')}>Fix in Settings</button>
        </div>
      )}
      {down.length > 0 && (
        <div className="error-banner carrier-banner" role="alert" data-testid="carrier-down-banner">
          {down.map((c) => `${c.label} has not answered since ${time(failingSince(c, seen[c.carrier], now))}`).join('; ')}: tracking for its parcels is not
          updating. <button onClick={() => setView('settings')}>See Settings</button>
        </div>
      )}
    </>
  );
}
