import { existsSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ApiError } from '../../../src-shared/api/envelope';
import type { ReportSchedule, ReportScheduleState, ScheduledRunRecord } from '../../../src-shared/api/reports';
import { isoWeekRange } from '../../../src-shared/domain/kpi/calendar';
import { machineOffset, type OffsetAt } from '../../../src-shared/domain/time-zones/zones';
import type { Db } from '../../db/create-db';
import { csvCell, openRowWriter } from '../../file-writers/row-writer';
import type { Clock, Logger } from '../../platform/ports';
import type { ReportsService } from '../service';
import { dailyHealthSheet, weeklySheet, type Sheet } from '../sheets';
import { dueRuns, type DueRun } from './due';
import { reportHtml } from './html';
import type { ReportPrinter } from './printer';
import { readSetting, writeSetting } from '../../db/settings';

const SCHEDULE_KEY = 'reports.schedule';
const STATE_KEY = 'reports.schedule.state';
const KEEP_RECORDS = 20;

export const DEFAULT_SCHEDULE: ReportSchedule = {
  folder: null,
  daily: { enabled: false, time: '18:00' },
  weekly: { enabled: false, weekday: 1, time: '07:00' },
  formats: ['csv', 'pdf'],
};

interface ScheduleState {
  since: number;
  daily: number | null;
  weekly: number | null;
  runs: ScheduledRunRecord[];
}

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  reports: ReportsService;
  logger: Logger;
  printer?: ReportPrinter;
  /** The machine's UTC offset at an instant; tests pin it. */
  offsetAt?: OffsetAt;
}

/**
 * Scheduled daily and weekly reports written to a folder. Each tick claims the runs that are due with a
 * compare-and-set on the settings row, so a second process on the same store never writes a run twice.
 */
export function createReportScheduler(deps: SchedulerDeps) {
  const offsetAt = deps.offsetAt ?? machineOffset;
  const read = (key: string): string | null => readSetting(deps.db, key);
  const write = (key: string, value: string) => writeSetting(deps.db, key, value);
  const schedule = (): ReportSchedule => {
    const stored = read(SCHEDULE_KEY);
    return stored ? (JSON.parse(stored) as ReportSchedule) : DEFAULT_SCHEDULE;
  };
  const stateText = (): string | null => read(STATE_KEY);
  const parseState = (text: string | null): ScheduleState =>
    text ? (JSON.parse(text) as ScheduleState) : { since: deps.clock.now(), daily: null, weekly: null, runs: [] };

  const getState = (): ReportScheduleState => ({ schedule: schedule(), pdfAvailable: deps.printer !== undefined, lastRuns: parseState(stateText()).runs });

  async function tableFor(run: DueRun, utcOffsetMinutes: number): Promise<{ title: string; subtitle: string; table: Sheet; file: string }> {
    if (run.kind === 'daily') {
      const report = deps.reports.dailyHealth({ date: run.period, utcOffsetMinutes });
      return {
        title: `Daily health ${run.period}`,
        subtitle: `Generated ${report.generatedAt}`,
        table: dailyHealthSheet(report),
        file: `waybill-daily-health-${run.period}`,
      };
    }
    const report = await deps.reports.weeklyCarriers({ week: run.period, filter: {} });
    const { from, to } = isoWeekRange(run.period);
    return {
      title: `Weekly carrier summary ${run.period}`,
      subtitle: `${from} to ${to}, compared with ${report.previousWeek}; generated ${report.generatedAt}`,
      table: weeklySheet(report),
      file: `waybill-weekly-carriers-${run.period}`,
    };
  }

  async function generate(run: DueRun, plan: ReportSchedule): Promise<ScheduledRunRecord> {
    const folder = plan.folder as string;
    const { title, subtitle, table, file } = await tableFor(run, offsetAt(run.dueAt));
    const files: string[] = [];
    let note: string | null = null;
    if (plan.formats.includes('csv')) {
      // The same sheet as the export buttons: written for the people who open the folder.
      const writer = openRowWriter('csv', join(folder, `${file}.csv`), table.name, table.columns, { bom: true });
      table.rows.forEach((row) => writer.write(row));
      await writer.finish();
      files.push(`${file}.csv`);
    }
    if (plan.formats.includes('pdf')) {
      if (deps.printer) {
        const page = {
          name: table.name,
          columns: table.columns.map((c) => c.header),
          rows: table.rows.map((r) => r.map((v, i) => csvCell(v, table.columns[i]?.format))),
        };
        writeFileSync(join(folder, `${file}.pdf`), await deps.printer.pdfFromHtml(reportHtml(title, subtitle, page)));
        files.push(`${file}.pdf`);
      } else note = 'PDF needs the desktop app; browser mode wrote CSV only.';
    }
    return { kind: run.kind, period: run.period, at: new Date(deps.clock.now()).toISOString(), files, note };
  }

  /** Writes every run that is due (missed ones included) and returns what it wrote. */
  async function tick(): Promise<ScheduledRunRecord[]> {
    const plan = schedule();
    if (!plan.folder || (!plan.daily.enabled && !plan.weekly.enabled)) return [];
    const before = stateText();
    const state = parseState(before);
    const due = dueRuns(plan, state, deps.clock.now(), offsetAt);
    if (due.length === 0) return [];
    const claimed: ScheduleState = {
      ...state,
      daily: due.findLast((r) => r.kind === 'daily')?.dueAt ?? state.daily,
      weekly: due.findLast((r) => r.kind === 'weekly')?.dueAt ?? state.weekly,
    };
    const claim = deps.db
      .prepare(
        before === null
          ? 'INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING'
          : 'UPDATE settings SET value = @value WHERE key = @key AND value = @before',
      )
      .run(before === null ? { key: STATE_KEY, value: JSON.stringify(claimed) } : { key: STATE_KEY, value: JSON.stringify(claimed), before });
    if (claim.changes === 0) return [];
    const records: ScheduledRunRecord[] = [];
    for (const run of due) {
      try {
        records.push(await generate(run, plan));
      } catch (error) {
        deps.logger.error(`scheduled ${run.kind} report for ${run.period} failed`, error);
        records.push({
          kind: run.kind,
          period: run.period,
          at: new Date(deps.clock.now()).toISOString(),
          files: [],
          note: `Failed: ${(error as Error).message}`,
        });
      }
    }
    const latest = parseState(stateText());
    write(STATE_KEY, JSON.stringify({ ...latest, runs: [...[...records].reverse(), ...latest.runs].slice(0, KEEP_RECORDS) }));
    return records;
  }

  let timer: ReturnType<typeof setInterval> | null = null;
  let ticking: Promise<unknown> = Promise.resolve();
  const safeTick = () => {
    ticking = ticking.then(tick).catch((error) => deps.logger.error('report schedule tick failed', error));
  };

  return {
    getState,
    setSchedule(next: ReportSchedule): ReportScheduleState {
      if (next.folder !== null) {
        if (!isAbsolute(next.folder)) throw new ApiError('invalid_argument', 'The report folder must be a full path, e.g. /home/ops/reports or C:\\Reports.');
        if (!existsSync(next.folder) || !statSync(next.folder).isDirectory())
          throw new ApiError('invalid_argument', `The report folder ${next.folder} does not exist.`);
      }
      if ((next.daily.enabled || next.weekly.enabled) && next.folder === null)
        throw new ApiError('invalid_argument', 'Choose a folder before turning scheduled reports on.');
      const state = parseState(stateText());
      // Runs owed start from now: turning the schedule on never produces a backlog of old reports.
      write(STATE_KEY, JSON.stringify({ ...state, since: deps.clock.now() }));
      write(SCHEDULE_KEY, JSON.stringify(next));
      return getState();
    },
    tick,
    /** Catches up at once, then looks again every `intervalMs`; 0 leaves ticking to explicit calls. */
    start(intervalMs: number) {
      if (intervalMs <= 0 || timer) return;
      safeTick();
      timer = setInterval(safeTick, intervalMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
    },
  };
}

export type ReportScheduler = ReturnType<typeof createReportScheduler>;
