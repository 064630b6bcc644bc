import type { TrackingAccount } from '../../src-shared/domain/tracking/carriers';
import type { Admission } from '../carriers/types';
import type { Db } from '../db/create-db';
import { circuitAfter, quotaWindow, windowRoom, type CarrierStanding } from './policy';

/** A carrier account's standing as stored, with what staff see of its last success and failure. */
export interface StoredStanding extends CarrierStanding {
  lastSuccessAt: number | null;
  lastFailure: string | null;
  lastFailureAt: number | null;
}

interface StandingRow {
  consecutive_failures: number | null;
  circuit_opened_at: string | null;
  paused_until: string | null;
  last_success_at: string | null;
  last_failure: string | null;
  last_failure_at: string | null;
}

const ms = (text: string | null): number | null => (text === null ? null : Date.parse(text));
const iso = (value: number | null): string | null => (value === null ? null : new Date(value).toISOString());

/**
 * Quota use, pauses and the breaker of each carrier account, kept in the store so the app, `track poll --once`
 * and any other process on it honour one another's requests, Retry-After deadlines and open breakers.
 */
export function createStandings(db: Db) {
  const prune = db.prepare('DELETE FROM carrier_requests WHERE carrier = ? AND sent_at <= ?');
  const sentSince = db.prepare('SELECT sent_at AS t FROM carrier_requests WHERE carrier = ? AND sent_at > ? ORDER BY sent_at');
  const record = db.prepare('INSERT INTO carrier_requests (carrier, sent_at) VALUES (?, ?)');
  const select = db.prepare(
    'SELECT consecutive_failures, circuit_opened_at, paused_until, last_success_at, last_failure, last_failure_at FROM carrier_accounts WHERE carrier = ?',
  );
  const update = db.prepare(
    `UPDATE carrier_accounts SET consecutive_failures = ?, circuit_opened_at = ?, paused_until = ?, circuit_state = ?,
       last_success_at = ?, last_failure = ?, last_failure_at = ? WHERE carrier = ?`,
  );

  const room = (carrier: TrackingAccount, perMinute: number, now: number) => {
    const window = quotaWindow(perMinute);
    const sent = (sentSince.all(carrier, now - window.spanMs) as { t: number }[]).map((r) => r.t);
    return windowRoom(window, sent, now);
  };

  const get = (carrier: TrackingAccount): StoredStanding => {
    const row = select.get(carrier) as StandingRow | undefined;
    return {
      failures: row?.consecutive_failures ?? 0,
      openedAt: ms(row?.circuit_opened_at ?? null),
      pausedUntil: ms(row?.paused_until ?? null) ?? 0,
      lastSuccessAt: ms(row?.last_success_at ?? null),
      lastFailure: row?.last_failure ?? null,
      lastFailureAt: ms(row?.last_failure_at ?? null),
    };
  };

  return {
    /** Requests the account may still send now, and when the next may go when none can. */
    room,
    /** Checks the window and records the request in one transaction, so two processes never both take the last slot. */
    admit(carrier: TrackingAccount, perMinute: number, now: number): Admission {
      return db.write(() => {
        prune.run(carrier, now - quotaWindow(perMinute).spanMs);
        const { free, nextFreeAt } = room(carrier, perMinute, now);
        if (free < 1) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((nextFreeAt - now) / 1000)) };
        record.run(carrier, now);
        return { ok: true };
      });
    },
    get,
    /** Read, change and write in one transaction, so a change another process made in between is built on, not lost. */
    change(carrier: TrackingAccount, now: number, next: (current: StoredStanding) => StoredStanding): StoredStanding {
      return db.write(() => {
        const s = next(get(carrier));
        const circuit = circuitAfter(s.failures, s.openedAt, now);
        update.run(
          s.failures,
          iso(s.openedAt),
          s.pausedUntil > 0 ? iso(s.pausedUntil) : null,
          circuit,
          iso(s.lastSuccessAt),
          s.lastFailure,
          iso(s.lastFailureAt),
          carrier,
        );
        return s;
      });
    },
  };
}

export type Standings = ReturnType<typeof createStandings>;
