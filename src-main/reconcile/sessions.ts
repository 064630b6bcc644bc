import { ApiError } from '../../src-shared/api/envelope';
import { SCAN_VERDICTS, type ScanEntry, type ScanPurpose, type ScanSession, type SessionDetail, type VerdictCounts } from '../../src-shared/api/reconcile';
import type { Carrier } from '../../src-shared/domain/tracking/status';
import { recordAudit } from '../audit';
import type { Db } from '../db/create-db';
import { SCAN_ENTRY_SELECT, SESSION_COLUMNS, toScanEntry, toSession, type ScanEntryRecord, type SessionRecord } from './rows';

/** Who did it, for the audit log: the caller's identity when the transport gave one, else the session's. */
export interface Actor {
  operator?: string;
  station?: string;
}

export interface OpenSessionArgs {
  station: string;
  operator: string;
  carrier?: Carrier;
  purpose: ScanPurpose;
  warehouse?: string;
}

/** The caller's identity when the transport gave one, else the session's. */
const who = (actor: Actor, session: ScanSession) => ({ operator: actor.operator ?? session.operator, station: actor.station ?? session.station });

export function findSession(db: Db, sessionId: number): ScanSession {
  const row = db.prepare(`SELECT ${SESSION_COLUMNS} FROM scan_sessions WHERE id = ?`).get(sessionId) as SessionRecord | undefined;
  if (!row) throw new ApiError('not_found', `There is no scan session ${sessionId}.`);
  return toSession(row);
}

function openSessionOrThrow(db: Db, sessionId: number): ScanSession {
  const session = findSession(db, sessionId);
  if (session.closedAt) throw new ApiError('conflict', `Scan session ${sessionId} is closed.`);
  return session;
}

export function openSession(db: Db, args: OpenSessionArgs, at: string, actor: Actor): ScanSession {
  return db.write(() => {
    const id = Number(
      db
        .prepare('INSERT INTO scan_sessions (station, operator, carrier, purpose, warehouse, opened_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(args.station, args.operator, args.carrier ?? null, args.purpose, args.warehouse ?? null, at).lastInsertRowid,
    );
    const session = findSession(db, id);
    recordAudit(db, { entity: 'scan_session', entityId: id, action: 'opened', ...who(actor, session), at, before: null, after: session });
    return session;
  });
}

export function closeSession(db: Db, sessionId: number, at: string, actor: Actor): ScanSession {
  return db.write(() => {
    const session = openSessionOrThrow(db, sessionId);
    db.prepare('UPDATE scan_sessions SET closed_at = ? WHERE id = ?').run(at, sessionId);
    recordAudit(db, {
      entity: 'scan_session',
      entityId: sessionId,
      action: 'closed',
      ...who(actor, session),
      at,
      before: { closedAt: null },
      after: { closedAt: at },
    });
    return { ...session, closedAt: at };
  });
}

/** Reconciliation's open sessions: the returns desk's receiving sessions belong to the returns desk, not here. */
export function listOpenSessions(db: Db, station: string | undefined): ScanSession[] {
  const open = `SELECT ${SESSION_COLUMNS} FROM scan_sessions WHERE closed_at IS NULL AND purpose <> 'returns_receive'`;
  const rows = station ? db.prepare(`${open} AND station = ? ORDER BY id DESC`).all(station) : db.prepare(`${open} ORDER BY id DESC`).all();
  return (rows as SessionRecord[]).map(toSession);
}

export function sessionDetail(db: Db, sessionId: number, limit: number): SessionDetail {
  const session = findSession(db, sessionId);
  const counts = Object.fromEntries(SCAN_VERDICTS.map((v) => [v, 0])) as VerdictCounts;
  let total = 0;
  const grouped = db.prepare('SELECT verdict, count(*) AS n FROM scans WHERE session_id = ? AND undone_at IS NULL GROUP BY verdict').all(sessionId) as {
    verdict: keyof VerdictCounts;
    n: number;
  }[];
  for (const g of grouped) {
    counts[g.verdict] = g.n;
    total += g.n;
  }
  const scans = db.prepare(`${SCAN_ENTRY_SELECT} WHERE sc.session_id = ? ORDER BY sc.id DESC LIMIT ?`).all(sessionId, limit) as ScanEntryRecord[];
  return { session, counts, total, scans: scans.map(toScanEntry) };
}

/** Marks the newest live scan undone; a later scan of the same parcel is then not a duplicate. */
export function undoLastScan(db: Db, sessionId: number, at: string, actor: Actor): ScanEntry {
  return db.write(() => {
    const session = openSessionOrThrow(db, sessionId);
    const last = db.prepare(`${SCAN_ENTRY_SELECT} WHERE sc.session_id = ? AND sc.undone_at IS NULL ORDER BY sc.id DESC LIMIT 1`).get(sessionId) as
      ScanEntryRecord | undefined;
    if (!last) throw new ApiError('not_found', 'There is no scan left to undo in this session.');
    db.prepare('UPDATE scans SET undone_at = ? WHERE id = ?').run(at, last.id);
    const entry = toScanEntry(last);
    recordAudit(db, {
      entity: 'scan',
      entityId: last.id,
      action: 'undone',
      ...who(actor, session),
      at,
      before: { verdict: entry.verdict, trackingNumber: entry.trackingNumber, raw: entry.raw },
      after: { undoneAt: at },
    });
    return { ...entry, undoneAt: at };
  });
}

/** A note on one scan replaces that scan's note; a session note is appended, one line per note. */
export function addNote(db: Db, sessionId: number, scanId: number | undefined, text: string): { sessionId: number; scanId: number | null } {
  return db.write(() => {
    findSession(db, sessionId);
    if (scanId === undefined) {
      db.prepare("UPDATE scan_sessions SET note = CASE WHEN note IS NULL OR note = '' THEN ? ELSE note || char(10) || ? END WHERE id = ?").run(
        text,
        text,
        sessionId,
      );
      return { sessionId, scanId: null };
    }
    const changed = db.prepare('UPDATE scans SET note = ? WHERE id = ? AND session_id = ?').run(text, scanId, sessionId).changes;
    if (changed === 0) throw new ApiError('not_found', `Scan ${scanId} is not part of session ${sessionId}.`);
    return { sessionId, scanId };
  });
}
