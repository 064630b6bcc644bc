import { describe, expect, it } from 'vitest';
import { dueRuns, localMoment, type ScheduleMarks } from './due';

const utc = () => 0;
const newYork = () => -300;
const at = (iso: string) => Date.parse(iso);
const schedule = {
  daily: { enabled: true, time: '18:00' },
  weekly: { enabled: true, weekday: 1, time: '07:00' },
};
const marks = (m: Partial<ScheduleMarks>): ScheduleMarks => ({ daily: null, weekly: null, since: at('2026-11-01T00:00:00Z'), ...m });
const summary = (runs: ReturnType<typeof dueRuns>) => runs.map((r) => `${r.kind} ${r.period} ${new Date(r.dueAt).toISOString()}`);

describe('dueRuns', () => {
  it('is due exactly at the scheduled minute, not before', () => {
    const last = marks({ daily: at('2026-11-18T18:00:00Z'), weekly: at('2026-11-16T07:00:00Z') });
    expect(dueRuns(schedule, last, at('2026-11-19T17:59:59Z'), utc)).toEqual([]);
    expect(summary(dueRuns(schedule, last, at('2026-11-19T18:00:00Z'), utc))).toEqual(['daily 2026-11-19 2026-11-19T18:00:00.000Z']);
  });

  it('does not repeat a run that already happened', () => {
    const last = marks({ daily: at('2026-11-19T18:00:00Z'), weekly: at('2026-11-16T07:00:00Z') });
    expect(dueRuns(schedule, last, at('2026-11-19T23:00:00Z'), utc)).toEqual([]);
  });

  it('catches up every run missed while the machine was off, oldest first', () => {
    // Off from Friday evening before the run until Tuesday morning.
    const last = marks({ daily: at('2026-11-19T18:00:00Z'), weekly: at('2026-11-16T07:00:00Z') });
    expect(summary(dueRuns(schedule, last, at('2026-11-24T08:00:00Z'), utc))).toEqual([
      'daily 2026-11-20 2026-11-20T18:00:00.000Z',
      'daily 2026-11-21 2026-11-21T18:00:00.000Z',
      'daily 2026-11-22 2026-11-22T18:00:00.000Z',
      'weekly 2026-W47 2026-11-23T07:00:00.000Z',
      'daily 2026-11-23 2026-11-23T18:00:00.000Z',
    ]);
  });

  it('catches up at most a week of daily runs and four weekly ones', () => {
    const last = marks({ daily: at('2026-09-01T18:00:00Z'), weekly: at('2026-09-07T07:00:00Z') });
    const runs = dueRuns(schedule, last, at('2026-11-24T08:00:00Z'), utc);
    expect(runs.filter((r) => r.kind === 'daily').map((r) => r.period)).toEqual([
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
    ]);
    expect(runs.filter((r) => r.kind === 'weekly').map((r) => r.period)).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47']);
  });

  it('owes nothing from before the schedule was saved', () => {
    const justSaved = marks({ since: at('2026-11-20T12:00:00Z') });
    expect(summary(dueRuns(schedule, justSaved, at('2026-11-20T18:30:00Z'), utc))).toEqual(['daily 2026-11-20 2026-11-20T18:00:00.000Z']);
  });

  it('reads the schedule in the machine’s local time', () => {
    expect(localMoment('2026-11-20', '18:00', newYork)).toBe(at('2026-11-20T23:00:00Z'));
    const last = marks({ daily: at('2026-11-19T23:00:00Z') });
    expect(summary(dueRuns({ ...schedule, weekly: { ...schedule.weekly, enabled: false } }, last, at('2026-11-21T00:30:00Z'), newYork))).toEqual([
      'daily 2026-11-20 2026-11-20T23:00:00.000Z',
    ]);
  });

  it('runs nothing that is switched off', () => {
    const off = { daily: { ...schedule.daily, enabled: false }, weekly: { ...schedule.weekly, enabled: false } };
    expect(dueRuns(off, marks({}), at('2026-11-24T08:00:00Z'), utc)).toEqual([]);
  });
});
