import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CarrierPerformanceReport, DailyHealthReport, WeeklyCarriersReport } from '../../src-shared/api/reports';
import { importEventsJsonl, type ImportEventsSummary } from '../backfill/import-events';
import type { Core } from '../core';
import { csvText } from '../platform/csv';
import { xlsxFileWriter } from '../exports/xlsx';
import { CommandUsage } from '../sync/cli-commands';
import { dailyHealthTable, performanceJson, performanceTable, weeklyJson, weeklyTable, type Table } from './tables';

export const REPORT_KINDS = ['carrier-performance', 'daily-health', 'weekly-carriers'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportCommandOptions {
  format?: string;
  out?: string;
  from?: string;
  to?: string;
  groupBy?: string;
  date?: string;
  week?: string;
  utcOffset?: string;
}

async function call<T>(core: Pick<Core, 'dispatch'>, method: string, arg: unknown): Promise<T> {
  const envelope = await core.dispatch(method, arg);
  // The contract's own validation message ("from must be on or before to") is the usage message.
  if (!envelope.ok) throw envelope.error.code === 'invalid_argument' ? new CommandUsage(envelope.error.message) : new Error(envelope.error.message);
  return envelope.value as T;
}

async function build(core: Pick<Core, 'dispatch'>, kind: ReportKind, o: ReportCommandOptions): Promise<{ json: unknown; table: Table }> {
  if (kind === 'carrier-performance') {
    if (!o.from || !o.to) throw new CommandUsage('report carrier-performance needs --from YYYY-MM-DD and --to YYYY-MM-DD');
    const groupBy = o.groupBy ? o.groupBy.split(',').map((k) => k.trim()).filter(Boolean) : undefined;
    const report = await call<CarrierPerformanceReport>(core, 'reports.carrierPerformance', { from: o.from, to: o.to, groupBy });
    return { json: performanceJson(report), table: performanceTable(report) };
  }
  if (kind === 'daily-health') {
    const utcOffsetMinutes = o.utcOffset === undefined ? -new Date().getTimezoneOffset() : Number(o.utcOffset);
    const report = await call<DailyHealthReport>(core, 'reports.dailyHealth', { date: o.date, utcOffsetMinutes });
    return { json: report, table: dailyHealthTable(report) };
  }
  const report = await call<WeeklyCarriersReport>(core, 'reports.weeklyCarriers', { week: o.week });
  return { json: weeklyJson(report), table: weeklyTable(report) };
}

/**
 * `report <kind> --format json|csv|xlsx [--out FILE]`: JSON and CSV go to standard output unless --out names a
 * file; a workbook always needs --out. Returns the text to print, if any.
 */
export async function reportCommand(core: Pick<Core, 'dispatch'>, kind: ReportKind, o: ReportCommandOptions): Promise<string | null> {
  const format = o.format ?? 'json';
  if (!['json', 'csv', 'xlsx'].includes(format)) throw new CommandUsage('--format must be json, csv or xlsx');
  if (format === 'xlsx' && !o.out) throw new CommandUsage('--format xlsx writes a workbook: name it with --out FILE.xlsx');
  const { json, table } = await build(core, kind, o);
  if (format === 'xlsx') {
    const writer = xlsxFileWriter(resolve(o.out as string), table.name, table.columns);
    table.rows.forEach((row) => writer.write(row));
    await writer.finish();
    return null;
  }
  const text = format === 'json' ? JSON.stringify(json) : csvText([table.columns, ...table.rows]);
  if (!o.out) return format === 'json' ? text : text.replace(/\r\n$/, '');
  writeFileSync(resolve(o.out), format === 'json' ? `${text}\n` : text);
  return null;
}

/** `import events FILE.jsonl`: backfill carrier history from another tracker. */
export async function importEventsCommand(core: Pick<Core, 'services' | 'events'>, file: string | undefined, now: () => number): Promise<ImportEventsSummary> {
  if (!file) throw new CommandUsage('import events needs a FILE.jsonl');
  const path = resolve(file);
  if (!existsSync(path)) throw new CommandUsage(`no such file: ${file}`);
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  return importEventsJsonl({ db: core.services.db, ingest: core.services.tracking.ingest, events: core.events, now }, lines);
}
