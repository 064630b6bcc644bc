import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GROUP_KEYS, type GroupKey } from '../../src-shared/domain/kpi/performance';
import { machineOffset } from '../../src-shared/domain/time-zones/zones';
import type { Core } from '../core';
import { callFromCli } from '../dispatch/client';
import { csvText } from '../file-writers/csv-text';
import { xlsxFileWriter } from '../file-writers/xlsx';
import { CommandUsage } from '../platform/cli-usage';
import { dailyHealthTable, performanceJson, performanceTable, weeklyJson, weeklyTable, type Table } from '../reports';

const isGroupKey = (key: string): key is GroupKey => (GROUP_KEYS as readonly string[]).includes(key);

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

async function build(core: Pick<Core, 'dispatch'>, kind: ReportKind, o: ReportCommandOptions): Promise<{ json: unknown; table: Table }> {
  if (kind === 'carrier-performance') {
    if (!o.from || !o.to) throw new CommandUsage('report carrier-performance needs --from YYYY-MM-DD and --to YYYY-MM-DD');
    const groupBy = o.groupBy
      ?.split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    const unknown = groupBy?.find((key) => !isGroupKey(key));
    if (unknown !== undefined) throw new CommandUsage(`--group-by takes ${GROUP_KEYS.join(', ')}, not "${unknown}"`);
    const report = await callFromCli(core.dispatch, 'reports.carrierPerformance', { from: o.from, to: o.to, groupBy: groupBy?.filter(isGroupKey) });
    return { json: performanceJson(report), table: performanceTable(report) };
  }
  if (kind === 'daily-health') {
    const utcOffsetMinutes = o.utcOffset === undefined ? machineOffset(Date.now()) : Number(o.utcOffset);
    const report = await callFromCli(core.dispatch, 'reports.dailyHealth', { date: o.date, utcOffsetMinutes });
    return { json: report, table: dailyHealthTable(report) };
  }
  const report = await callFromCli(core.dispatch, 'reports.weeklyCarriers', { week: o.week });
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
