import type { SyncReject } from '../../src-shared/api';

const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Rejected rows as CSV: row and reason first, then every original column, so the file can be fixed and re-imported. */
export function rejectsCsv(rows: readonly SyncReject[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const key of Object.keys(r.raw)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const lines = [['row', 'reason', ...columns].map(cell).join(',')];
  for (const r of rows) lines.push([String(r.rowNumber), r.reason, ...columns.map((c) => r.raw[c] ?? '')].map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
