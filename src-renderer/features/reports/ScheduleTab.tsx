import { useEffect, useState } from 'react';
import type { ReportSchedule } from '../../../src-shared/api';
import { useAppStore } from '../../stores';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Daily and weekly reports written to a folder on this machine; missed runs are caught up when the app starts. */
export function ScheduleTab() {
  const state = useAppStore((s) => s.schedule);
  const message = useAppStore((s) => s.scheduleMessage);
  const load = useAppStore((s) => s.loadSchedule);
  const save = useAppStore((s) => s.saveSchedule);
  const [draft, setDraft] = useState<ReportSchedule | null>(null);
  useEffect(() => void load(), [load]);
  useEffect(() => setDraft(state?.schedule ?? null), [state]);
  if (!draft || !state) return null;
  const patch = (p: Partial<ReportSchedule>) => setDraft({ ...draft, ...p });
  const toggleFormat = (format: 'csv' | 'pdf') =>
    patch({ formats: draft.formats.includes(format) ? draft.formats.filter((f) => f !== format) : [...draft.formats, format] });
  return (
    <form
      className="schedule"
      onSubmit={(e) => {
        e.preventDefault();
        void save(draft);
      }}
    >
      <label>
        Folder{' '}
        <input
          aria-label="Report folder"
          placeholder="/home/ops/reports"
          value={draft.folder ?? ''}
          onChange={(e) => patch({ folder: e.target.value.trim() || null })}
        />
      </label>
      <label>
        <input type="checkbox" checked={draft.daily.enabled} onChange={(e) => patch({ daily: { ...draft.daily, enabled: e.target.checked } })} /> Daily health
        every day at{' '}
        <input type="time" aria-label="Daily time" value={draft.daily.time} onChange={(e) => patch({ daily: { ...draft.daily, time: e.target.value } })} />
      </label>
      <label>
        <input type="checkbox" checked={draft.weekly.enabled} onChange={(e) => patch({ weekly: { ...draft.weekly, enabled: e.target.checked } })} /> Weekly
        carrier summary every{' '}
        <select aria-label="Weekly day" value={draft.weekly.weekday} onChange={(e) => patch({ weekly: { ...draft.weekly, weekday: Number(e.target.value) } })}>
          {WEEKDAYS.map((d, i) => (
            <option key={d} value={i + 1}>
              {d}
            </option>
          ))}
        </select>{' '}
        at{' '}
        <input type="time" aria-label="Weekly time" value={draft.weekly.time} onChange={(e) => patch({ weekly: { ...draft.weekly, time: e.target.value } })} />
      </label>
      <fieldset>
        <legend>Formats</legend>
        <label>
          <input type="checkbox" checked={draft.formats.includes('csv')} onChange={() => toggleFormat('csv')} /> CSV
        </label>
        <label>
          <input type="checkbox" checked={draft.formats.includes('pdf')} onChange={() => toggleFormat('pdf')} /> PDF
        </label>
        {!state.pdfAvailable && <span className="muted-text">PDF needs the desktop app; in browser mode the schedule writes CSV only.</span>}
      </fieldset>
      <p className="muted-text">
        Times are this computer’s. If it was off at a scheduled time, the missed reports (up to a week of daily ones) are written when the console next starts.
      </p>
      <div>
        <button type="submit" disabled={draft.formats.length === 0}>
          Save schedule
        </button>
        {message && (
          <span className={message.ok ? 'saved' : 'error-text'} role="status">
            {message.text}
          </span>
        )}
      </div>
      {state.lastRuns.length > 0 && (
        <>
          <h3>Recent runs</h3>
          <ul className="runs">
            {state.lastRuns.map((r) => (
              <li key={`${r.kind}-${r.period}-${r.at}`}>
                {r.kind} {r.period}: {r.files.join(', ') || 'no files'} {r.note && <em>{r.note}</em>}
              </li>
            ))}
          </ul>
        </>
      )}
    </form>
  );
}
