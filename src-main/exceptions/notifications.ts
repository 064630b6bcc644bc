import type { NotificationSettings } from '../../src-shared/api';
import { reasonLabel, type QueueReason } from '../../src-shared/domain/exceptions/reasons';
import type { Clock, Notifier } from '../platform/ports';

const MINUTE_MS = 60_000;

/**
 * New high-severity items become at most one desktop summary per interval: the first one goes out at once,
 * anything later waits for the interval to pass and then arrives as one summary.
 */
export function createAlertThrottle(deps: { notifier: Notifier; clock: Clock; settings(): NotificationSettings }) {
  const pending = new Map<QueueReason, number>();
  let lastSentAt = Number.NEGATIVE_INFINITY;

  const flush = (): void => {
    const settings = deps.settings();
    if (!settings.enabled) return void pending.clear();
    if (!pending.size) return;
    const now = deps.clock.now();
    if (now - lastSentAt < settings.minIntervalMinutes * MINUTE_MS) return;
    const total = [...pending.values()].reduce((a, b) => a + b, 0);
    const parts = [...pending.entries()].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} ${reasonLabel(reason)}`);
    deps.notifier.notify(total === 1 ? 'New high-severity exception' : `${total} new high-severity exceptions`, parts.join(', '));
    lastSentAt = now;
    pending.clear();
  };

  return {
    record(reasons: readonly QueueReason[]): void {
      const settings = deps.settings();
      if (!settings.enabled) return;
      for (const reason of reasons) if (settings.reasons.includes(reason)) pending.set(reason, (pending.get(reason) ?? 0) + 1);
    },
    flush,
  };
}
