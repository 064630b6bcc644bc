import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportSchedule } from '../../../src-shared/api';
import { parseCsv } from '../../exports/testing-csv';
import { quietLogger } from '../../testing/temp-core';
import { createReportsService } from '../service';
import { createReportsTestCore, seedDataset, type ReportsTestCore } from '../testing-dataset';
import { createReportScheduler } from './service';

let core: ReportsTestCore;
let folder: string;
const at = (iso: string) => Date.parse(iso);
beforeEach(() => {
  core = createReportsTestCore(at('2026-11-20T12:00:00Z'));
  seedDataset(core);
  folder = join(core.dir, 'reports');
  mkdirSync(folder);
});
afterEach(() => core.dispose());

const schedule = (patch: Partial<ReportSchedule> = {}): ReportSchedule => ({
  folder,
  daily: { enabled: true, time: '18:00' },
  weekly: { enabled: true, weekday: 1, time: '07:00' },
  formats: ['csv', 'pdf'],
  ...patch,
});

/** A scheduler on the test core's store with the machine's offset pinned to UTC. */
const scheduler = (printer?: { pdfFromHtml(html: string): Promise<Uint8Array> }) =>
  createReportScheduler({
    db: core.services.db,
    clock: core.clock,
    reports: createReportsService(core.services.db, core.clock),
    logger: quietLogger,
    printer,
    offsetAt: () => 0,
  });

describe('scheduled reports', () => {
  it('saves the schedule in settings and refuses a folder that is not there', async () => {
    const saved = await core.dispatch('reports.setSchedule', { schedule: schedule() });
    expect(saved.ok && saved.value.schedule.folder).toBe(folder);
    const relative = await core.dispatch('reports.setSchedule', { schedule: schedule({ folder: 'reports' }) });
    expect(relative).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining('full path') } });
    const missing = await core.dispatch('reports.setSchedule', { schedule: schedule({ folder: join(folder, 'nope') }) });
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringContaining('does not exist') } });
    const badTime = await core.dispatch('reports.setSchedule', { schedule: schedule({ daily: { enabled: true, time: '25:00' } }) });
    expect(badTime.ok).toBe(false);
    const state = await core.dispatch('reports.getSchedule', {});
    expect(state).toMatchObject({ ok: true, value: { schedule: { folder }, pdfAvailable: false } });
  });

  it('writes the daily CSV at the chosen time, once, and says PDF needs the desktop app', async () => {
    const s = scheduler();
    s.setSchedule(schedule());
    expect(await s.tick()).toEqual([]);
    core.clock.set(at('2026-11-20T18:00:00Z'));
    const [run] = await s.tick();
    expect(run).toMatchObject({
      kind: 'daily',
      period: '2026-11-20',
      files: ['waybill-daily-health-2026-11-20.csv'],
      note: expect.stringContaining('PDF needs the desktop app'),
    });
    const [header] = parseCsv(readFileSync(join(folder, 'waybill-daily-health-2026-11-20.csv'), 'utf8'));
    expect(header.slice(0, 3)).toEqual(['Carrier', 'Late (shipments)', 'Stalled (shipments)']);
    core.clock.set(at('2026-11-20T18:30:00Z'));
    expect(await s.tick()).toEqual([]);
    expect(s.getState().lastRuns).toHaveLength(1);
  });

  it('catches up the runs missed while the machine was off, with a PDF from the desktop printer', async () => {
    const printed: string[] = [];
    const s = scheduler({ pdfFromHtml: async (html) => (printed.push(html), new TextEncoder().encode('%PDF-1.7 test')) });
    s.setSchedule(schedule());
    // Off from Friday noon until Tuesday morning.
    core.clock.set(at('2026-11-24T08:00:00Z'));
    const runs = await s.tick();
    expect(runs.map((r) => `${r.kind} ${r.period}`)).toEqual([
      'daily 2026-11-20',
      'daily 2026-11-21',
      'daily 2026-11-22',
      'weekly 2026-W47',
      'daily 2026-11-23',
    ]);
    expect(readdirSync(folder).sort()).toContain('waybill-weekly-carriers-2026-W47.pdf');
    expect(readFileSync(join(folder, 'waybill-weekly-carriers-2026-W47.pdf'), 'utf8')).toBe('%PDF-1.7 test');
    expect(printed.find((html) => html.includes('Weekly carrier summary 2026-W47'))).toContain('<table>');
    expect(existsSync(join(folder, 'waybill-weekly-carriers-2026-W47.csv'))).toBe(true);
  });

  it('lets only one process write a run when two share the store', async () => {
    const first = scheduler();
    const second = scheduler();
    first.setSchedule(schedule({ weekly: { enabled: false, weekday: 1, time: '07:00' } }));
    core.clock.set(at('2026-11-20T18:01:00Z'));
    const [a, b] = await Promise.all([first.tick(), second.tick()]);
    expect(a.length + b.length).toBe(1);
  });

  it('owes nothing from before the schedule was turned on', async () => {
    core.clock.set(at('2026-11-20T19:00:00Z'));
    const s = scheduler();
    s.setSchedule(schedule());
    expect(await s.tick()).toEqual([]);
  });
});
