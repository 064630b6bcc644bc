import type { ExportSubjectInput } from '../../../src-shared/api';
import { machineOffset } from '../../../src-shared/domain/time-zones/zones';
import { useAppStore } from '../../stores';
import type { ReportsTab } from '../../stores/reports-slice';
import { DailyHealthTab } from './DailyHealthTab';
import { ExportBar, ExportProgress } from '../exports/ExportBar';
import { PerformanceControls, PerformanceTab } from './PerformanceTab';
import { PrintablePerformance } from './PrintableReport';
import { ScheduleTab } from './ScheduleTab';
import { WeeklyTab } from './WeeklyTab';
import './reports.css';

const TABS: [ReportsTab, string][] = [
  ['performance', 'Carrier performance'],
  ['daily', 'Daily health'],
  ['weekly', 'Weekly summary'],
  ['schedule', 'Schedule'],
];

/** What the export buttons of the open tab write. */
function useSubject(): ExportSubjectInput | null {
  const tab = useAppStore((s) => s.reportsTab);
  const range = useAppStore((s) => s.reportRange);
  const groupBy = useAppStore((s) => s.reportGroupBy);
  const filter = useAppStore((s) => s.reportFilter);
  const date = useAppStore((s) => s.dailyDate);
  const week = useAppStore((s) => s.weekly?.week);
  if (tab === 'performance') return { kind: 'carrierPerformance', args: { ...range, groupBy, filter } };
  if (tab === 'daily') return { kind: 'dailyHealth', args: { date, utcOffsetMinutes: machineOffset(Date.now()) } };
  if (tab === 'weekly') return week ? { kind: 'weeklyCarriers', args: { week, filter } } : null;
  return null;
}

export function ReportsView() {
  const tab = useAppStore((s) => s.reportsTab);
  const setTab = useAppStore((s) => s.setReportsTab);
  const error = useAppStore((s) => s.reportError);
  const subject = useSubject();
  return (
    <section className={`view reports-view print-${tab}`}>
      <header className="toolbar">
        <h1>Reports</h1>
        <div role="tablist" aria-label="Reports" className="tabs">
          {TABS.map(([id, label]) => (
            <button key={id} role="tab" aria-selected={tab === id} className={tab === id ? 'tab active' : 'tab'} onClick={() => setTab(id)}>
              {label}
            </button>
          ))}
        </div>
        {tab !== 'schedule' && <ExportBar label="report" subject={subject} />}
      </header>
      <ExportProgress />
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      {tab === 'performance' && (
        <>
          <PerformanceControls />
          <PerformanceTab />
          <PrintablePerformance />
        </>
      )}
      {tab === 'daily' && <DailyHealthTab />}
      {tab === 'weekly' && <WeeklyTab />}
      {tab === 'schedule' && <ScheduleTab />}
    </section>
  );
}
