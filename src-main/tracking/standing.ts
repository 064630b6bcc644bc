import type { TrackingAccount } from '../../src-shared/domain/tracking/carriers';
import type { Admission } from '../carriers/types';
import type { Db } from '../db/create-db';
import { circuitAfter, quotaWindow, windowRoom, type CarrierStanding } from './policy';

/** A carrier account's standing as stored, with what staff see of its last success and failure. */
export interface StoredStanding extends CarrierStanding {
  lastSuccessAt: number | null;
  lastFailure: string | null;
  lastFailureAt: number | null;
  /** What the carrier said when it refused the credentials: every process stops asking until this is cleared. */
  authRefused: string | null;
}

const ms = (text: string | null): number | null => (text === null ? null : Date.parse(text));
const iso = (value: number | null): string | null => (value === null ? null : new Date(value).toISOString());

/**
 * Quota use, pauses, the breaker and a credentials stop of each carrier account, kept in the store so the app,
 * `track poll --once` and any other process on it honour one another's requests, Retry-After deadlines, open
 * breakers and refused credentials.
 */
export function createStandings(db: Db) {
  const prune = db.prepare('DELETE FROM carrier_requests WHERE carrier = ? AND sent_at <= ?');
  const record = db.prepare('INSERT INTO carrier_requests (carrier, sent_at) VALUES (?, ?)');
  const update = db.prepare(
    `UPDATE carrier_accounts SET consecutive_failures = ?, circuit_opened_at = ?, paused_until = ?, circuit_state = ?,
       last_success_at = ?, last_failure = ?, last_failure_at = ?, auth_refused = ? WHERE carrier = ?`,
  );

  const room = (carrier: TrackingAccount, perMinute: number, now: number) => {
    const window = quotaWindow(perMinute);
    const since = db.kysely
      .selectFrom('carrier_requests')
      .select('sent_at')
      .where('carrier', '=', carrier)
      .where('sent_at', '>', now - window.spanMs)
      .orderBy('sent_at');
    const sent = db.all(since.compile()).map((r) => r.sent_at);
    return windowRoom(window, sent, now);
  };

  const get = (carrier: TrackingAccount): StoredStanding => {
    const row = db.first(
      db.kysely
        .selectFrom('carrier_accounts')
        .select(['consecutive_failures', 'circuit_opened_at', 'paused_until', 'last_success_at', 'last_failure', 'last_failure_at', 'auth_refused'])
        .where('carrier', '=', carrier)
        .compile(),
    );
    return {
      failures: row?.consecutive_failures ?? 0,
      openedAt: ms(row?.circuit_opened_at ?? null),
      pausedUntil: ms(row?.paused_until ?? null) ?? 0,
      lastSuccessAt: ms(row?.last_success_at ?? null),
      lastFailure: row?.last_failure ?? null,
      lastFailureAt: ms(row?.last_failure_at ?? null),
      authRefused: row?.auth_refused ?? null,
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
          s.authRefused,
          carrier,
        );
        return s;
      });
    },
  };
}
