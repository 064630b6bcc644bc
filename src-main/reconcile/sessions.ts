import { ApiError } from '../../src-shared/api/envelope';
import { SCAN_VERDICTS, type ScanEntry, type ScanPurpose, type ScanSession, type SessionDetail, type VerdictCounts } from '../../src-shared/api/reconcile';
import type { Carrier } from '../../src-shared/domain/tracking/status';
import { recordAudit } from '../audit';
import type { Db } from '../db/create-db';
import { scanEntries, toScanEntry, toSession } from './rows';

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
  const row = db.first(db.kysely.selectFrom('scan_sessions').selectAll().where('id', '=', sessionId).compile());
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
  const open = db.kysely.selectFrom('scan_sessions').selectAll().where('closed_at', 'is', null).where('purpose', '<>', 'returns_receive').orderBy('id', 'desc');
  return db.all((station ? open.where('station', '=', station) : open).compile()).map(toSession);
}

export function sessionDetail(db: Db, sessionId: number, limit: number): SessionDetail {
  const session = findSession(db, sessionId);
  const counts = Object.fromEntries(SCAN_VERDICTS.map((v) => [v, 0])) as VerdictCounts;
  let total = 0;
  const grouped = db.all(
    db.kysely
      .selectFrom('scans')
      .select(['verdict', (eb) => eb.fn.countAll<number>().as('n')])
      .where('session_id', '=', sessionId)
      .where('undone_at', 'is', null)
      .groupBy('verdict')
      .compile(),
  );
  for (const g of grouped) {
    counts[g.verdict as keyof VerdictCounts] = g.n;
    total += g.n;
  }
  const scans = db.all(scanEntries(db).where('sc.session_id', '=', sessionId).orderBy('sc.id', 'desc').limit(limit).compile());
  return { session, counts, total, scans: scans.map(toScanEntry) };
}

/** Marks the newest live scan undone; a later scan of the same parcel is then not a duplicate. */
export function undoLastScan(db: Db, sessionId: number, at: string, actor: Actor): ScanEntry {
  return db.write(() => {
    const session = openSessionOrThrow(db, sessionId);
    const last = db.first(scanEntries(db).where('sc.session_id', '=', sessionId).where('sc.undone_at', 'is', null).orderBy('sc.id', 'desc').limit(1).compile());
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
