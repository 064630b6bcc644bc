import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

const PROJECT_DIR = resolve(__dirname, '../..');
const ALLOWLIST = join(__dirname, 'electronegativity-allowlist.json');
/** The one check that fetches Electron release data; the rest run offline. */
const EXCLUDED = 'AvailableSecurityFixesGlobalCheck';
const FAILING_SEVERITIES = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

export interface Finding {
  check: string;
  severity: string;
  file: string;
  location: string;
  sample: string;
}

interface Reviewed {
  check: string;
  file: string;
  reason: string;
}

/** Electronegativity's CSV report (header row, then one finding a row) as findings. */
export function parseFindings(csv: string): Finding[] {
  const records = parse(csv, { relax_column_count: true, skip_empty_lines: true }).slice(1);
  return records
    .map((cells) => cells.map((c) => c.trim()))
    .filter((cells) => cells.length >= 6 && cells[0] !== '')
    .map(([check, severity, , file, location, sample]) => ({ check, severity, file, location, sample }));
}

/** Findings of medium severity or higher that no reviewed entry (same check, same file) accounts for. */
export function unreviewed(findings: readonly Finding[], reviewed: readonly Reviewed[]): Finding[] {
  return findings.filter((f) => FAILING_SEVERITIES.has(f.severity) && !reviewed.some((r) => r.check === f.check && r.file === f.file));
}

function run(): number {
  const pkg = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const out = mkdtempSync(join(tmpdir(), 'waybill-electronegativity-'));
  try {
    const report = join(out, 'report.csv');
    const bin = join(PROJECT_DIR, 'node_modules/@doyensec/electronegativity/dist/index.js');
    const args = [bin, '-i', join(PROJECT_DIR, 'src-main'), '-x', EXCLUDED, '-e', pkg.devDependencies.electron, '-r', '-v', 'false', '-o', report];
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) {
      process.stderr.write(`security:check: Electronegativity did not run (${result.error?.message ?? `exit ${result.status}`}).\n${result.stderr}`);
      return 1;
    }
    const reviewed = (JSON.parse(readFileSync(ALLOWLIST, 'utf8')) as { reviewed: Reviewed[] }).reviewed;
    const findings = parseFindings(readFileSync(report, 'utf8'));
    const open = unreviewed(findings, reviewed);
    if (open.length > 0) {
      process.stderr.write('security:check: Electronegativity findings not reviewed in src-main/tooling/electronegativity-allowlist.json:\n');
      for (const f of open) process.stderr.write(`  ${f.severity} ${f.check} ${f.file}:${f.location}  ${f.sample}\n`);
      return 1;
    }
    const accepted = findings.filter((f) => FAILING_SEVERITIES.has(f.severity)).length;
    process.stdout.write(`security:check: Electronegativity passes (${findings.length} findings, ${accepted} of medium or higher severity, all reviewed).\n`);
    return 0;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = run();
