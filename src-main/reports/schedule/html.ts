import type { Cell, Table } from '../tables';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const cell = (value: Cell): string => (value === null ? '—' : escape(String(value)));

/** A self-contained page (no scripts, no remote content) that the desktop app's printer turns into a PDF. */
export function reportHtml(title: string, subtitle: string, table: Table): string {
  const head = table.columns.map((c) => `<th>${escape(c)}</th>`).join('');
  const body = table.rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:10px system-ui,sans-serif;margin:16px}h1{font-size:16px;margin:0 0 4px}p{color:#555;margin:0 0 12px}
table{border-collapse:collapse}th,td{border:1px solid #ccd;padding:2px 5px;text-align:right}th{background:#eef}td:first-child,th:first-child{text-align:left}</style>
</head><body><h1>${escape(title)}</h1><p>${escape(subtitle)}</p><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></body></html>`;
}
