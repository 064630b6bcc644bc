import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api/envelope';
import type { ExportFinished, ExportFormat, ExportJob, ExportSubject } from '../../src-shared/api/reports';
import type { Db } from '../db/create-db';
import type { EventBus } from '../dispatch/events';
import type { Clock, Logger } from '../platform/ports';
import { yieldToEventLoop, type Pace } from '../platform/pace';
import { dailyHealthSheet, drilldownSql, performanceSheet, weeklySheet, type Cell, type ReportsService, type Sheet } from '../reports';
import { streamParcels } from '../exceptions';
import { compileShipmentPage, countShipments } from '../shipments';
import { exceptionCells, EXCEPTION_EXPORT_COLUMNS } from './exception-columns';
import { openRowWriter, type SheetColumn } from '../file-writers/row-writer';
import { SHIPMENT_EXPORT_COLUMNS, shipmentCellReader } from './shipment-columns';

/** Rows written between two progress events and two turns of the event loop. */
const ROWS_PER_SLICE = 5000;
/** Finished exports are downloaded right away; older ones are swept so the folder does not grow forever. */
const KEEP_MS = 7 * 86_400_000;

interface RowSource {
  sheet: string;
  columns: readonly (string | SheetColumn)[];
  totalRows: number | null;
  rows: Iterable<Cell[]>;
  close(): void;
}

export interface ExportsDeps {
  db: Db;
  dbPath: string;
  /** `<dataDir>/exports`; null when the core runs without a data folder (exports are then unavailable). */
  dir: string | null;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  reports: ReportsService;
  pace?: Pace;
}

const tableSource = (table: Sheet): RowSource => ({
  sheet: table.name,
  columns: table.columns,
  totalRows: table.rows.length,
  rows: table.rows,
  close: () => undefined,
});

/** How a query's rows become cells. */
interface RowReader {
  columns: readonly string[];
  raw: boolean;
  open(resultColumns: string[]): (record: never) => Cell[];
}

const shipmentReader: RowReader = { columns: SHIPMENT_EXPORT_COLUMNS.map((c) => c.name), raw: true, open: shipmentCellReader };

/**
 * Big exports read through their own read-only connection: it holds one consistent snapshot for the whole file
 * while the main connection stays free for the UI between slices (an open iterator would lock it).
 */
function querySource(dbPath: string, sheet: string, reader: RowReader, sql: string, params: unknown[], totalRows: number | null): RowSource {
  const connection = new Database(dbPath, { readonly: true, fileMustExist: true });
  const statement = connection.prepare(sql).raw(reader.raw);
  const toCells = reader.open(statement.columns().map((c) => c.name));
  const records = statement.iterate(...params) as IterableIterator<never>;
  function* rows() {
    for (const record of records) yield toCells(record);
  }
  return {
    sheet,
    columns: reader.columns,
    totalRows,
    rows: rows(),
    close: () => {
      records.return?.();
      connection.close();
    },
  };
}

const slug = (subject: ExportSubject): string => {
  switch (subject.kind) {
    case 'carrierPerformance':
      return `carrier-performance-${subject.args.from}-to-${subject.args.to}`;
    case 'dailyHealth':
      return `daily-health-${subject.args.date ?? 'today'}`;
    case 'weeklyCarriers':
      return `weekly-carriers-${subject.args.week ?? 'last-week'}`;
    case 'drilldown':
      return `${subject.query.metric}-${subject.query.part}-${subject.query.from}-to-${subject.query.to}`;
    case 'shipments':
      return 'shipments';
    case 'exceptions':
      return 'exceptions';
  }
};

export function createExports(deps: ExportsDeps) {
  const pace = deps.pace ?? yieldToEventLoop;
  const running = new Map<string, { cancelled: boolean }>();
  let swept = false;

  async function openSource(subject: ExportSubject, operator: string | null): Promise<RowSource> {
    switch (subject.kind) {
      case 'carrierPerformance':
        return tableSource(performanceSheet(await deps.reports.carrierPerformance(subject.args)));
      case 'dailyHealth':
        return tableSource(dailyHealthSheet(deps.reports.dailyHealth(subject.args)));
      case 'weeklyCarriers':
        return tableSource(weeklySheet(await deps.reports.weeklyCarriers(subject.args)));
      case 'shipments': {
        // The grid's own query and order, without the block limit.
        const query = compileShipmentPage(deps.db, { startRow: 0, endRow: Number.MAX_SAFE_INTEGER, sort: subject.sort, filter: subject.filter });
        return querySource(deps.dbPath, 'Shipments', shipmentReader, query.sql, [...query.parameters], countShipments(deps.db, subject.filter));
      }
      case 'exceptions': {
        // The queue's own parcels and order for this operator ("assigned to me"), read in one snapshot of its own.
        const connection = new Database(deps.dbPath, { readonly: true, fileMustExist: true });
        connection.exec('BEGIN');
        const parcels = streamParcels(deps.db, connection, { sort: subject.sort, filter: subject.filter }, { now: deps.clock.now(), operator });
        function* rows() {
          for (const row of parcels.rows) yield exceptionCells(row);
        }
        return {
          sheet: 'Exceptions',
          columns: EXCEPTION_EXPORT_COLUMNS.map((c) => c.name),
          totalRows: parcels.total,
          rows: rows(),
          close: () => connection.close(),
        };
      }
      case 'drilldown': {
        const { sql, params } = drilldownSql(subject.query);
        const total = (deps.db.prepare(`SELECT count(*) AS n FROM (${sql})`).get(...params) as { n: number }).n;
        return querySource(deps.dbPath, subject.query.metric, shipmentReader, sql, params, total);
      }
    }
  }

  function sweep(dir: string) {
    if (swept) return;
    swept = true;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (deps.clock.now() - statSync(file).mtimeMs > KEEP_MS) rmSync(file, { force: true });
    }
  }

  /** Writes one export to `<dir>/<fileName>` (via a .partial file, renamed when complete) and reports how it ended. */
  async function run(
    jobId: string,
    subject: ExportSubject,
    format: ExportFormat,
    dir: string,
    fileName: string,
    operator: string | null,
  ): Promise<ExportFinished> {
    const state = running.get(jobId) ?? { cancelled: false };
    running.set(jobId, state);
    const partial = join(dir, `${fileName}.partial`);
    const finished = (outcome: ExportFinished['outcome'], rows: number, message: string | null): ExportFinished => {
      const result = { jobId, fileName, outcome, rows, message };
      deps.events.emit('exports.finished', result);
      return result;
    };
    let source: RowSource | null = null;
    let rows = 0;
    try {
      source = await openSource(subject, operator);
      const writer = openRowWriter(format, partial, source.sheet, source.columns, { bom: true });
      deps.events.emit('exports.progressed', { jobId, rows, totalRows: source.totalRows });
      try {
        for (const row of source.rows) {
          writer.write(row);
          if (++rows % ROWS_PER_SLICE !== 0) continue;
          await writer.flush();
          deps.events.emit('exports.progressed', { jobId, rows, totalRows: source.totalRows });
          await pace();
          if (state.cancelled) break;
        }
      } catch (error) {
        await writer.abort();
        throw error;
      }
      if (state.cancelled) {
        await writer.abort();
        rmSync(partial, { force: true });
        return finished('cancelled', rows, null);
      }
      await writer.finish();
      chmodSync(partial, 0o600);
      renameSync(partial, join(dir, fileName));
      deps.events.emit('exports.progressed', { jobId, rows, totalRows: rows });
      return finished('done', rows, null);
    } catch (error) {
      rmSync(partial, { force: true });
      deps.logger.error(`export ${fileName} failed`, error);
      return finished('failed', rows, error instanceof ApiError ? error.message : 'The export failed; see the application log.');
    } finally {
      source?.close();
      running.delete(jobId);
    }
  }

  function prepare(subject: ExportSubject, format: ExportFormat): ExportJob & { dir: string } {
    if (!deps.dir) throw new ApiError('unavailable', 'Exports need a data folder, and this console runs without one.');
    mkdirSync(deps.dir, { recursive: true, mode: 0o700 });
    sweep(deps.dir);
    const jobId = randomUUID();
    const stamp = new Date(deps.clock.now()).toISOString().replace(/[-:]/g, '').slice(0, 15).toLowerCase();
    return { jobId, fileName: `${slug(subject).toLowerCase()}-${stamp}-${jobId.slice(0, 6)}.${format}`, dir: deps.dir };
  }

  return {
    /** Starts an export in the background; progress and the end arrive as events. `operator` is who "me" is. */
    start(subject: ExportSubject, format: ExportFormat, operator: string | null = null): ExportJob {
      const { jobId, fileName, dir } = prepare(subject, format);
      running.set(jobId, { cancelled: false });
      void run(jobId, subject, format, dir, fileName, operator);
      return { jobId, fileName };
    },
    /** The same, awaited: for benchmarks and tests. */
    async runToEnd(subject: ExportSubject, format: ExportFormat, operator: string | null = null): Promise<ExportFinished> {
      const { jobId, fileName, dir } = prepare(subject, format);
      return run(jobId, subject, format, dir, fileName, operator);
    },
    cancel(jobId: string): boolean {
      const state = running.get(jobId);
      if (state) state.cancelled = true;
      return state !== undefined;
    },
    close(): void {
      for (const state of running.values()) state.cancelled = true;
    },
  };
}

export type Exports = ReturnType<typeof createExports>;
