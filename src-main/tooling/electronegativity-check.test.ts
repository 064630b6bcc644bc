import { describe, expect, it } from 'vitest';
import { parseFindings, unreviewed } from './electronegativity-check';

const REPORT = `issue, severity, confidence, filename, location, sample, description, url
CSP_GLOBAL_CHECK,"LOW","TENTATIVE","shell/window.ts","15:15",N/A,"Failed to parse CSP, it may not be valid.",https://example.invalid
AUXCLICK_JS_CHECK,"MEDIUM","FIRM","shell/other.ts","7:16","const win = new BrowserWindow({ a: 1, b: 2 });","Limit navigation flows",https://example.invalid
PRELOAD_JS_CHECK,"MEDIUM","FIRM","shell/window.ts","40:6","preload: paths.preload,","Review the use of preload scripts",https://example.invalid
`;

describe('item 15: Electronegativity fails npm test on any unreviewed finding of medium or higher', () => {
  const findings = parseFindings(REPORT);

  it('reads the CSV report, quoted commas and all', () => {
    expect(findings.map((f) => [f.check, f.severity, f.file])).toEqual([
      ['CSP_GLOBAL_CHECK', 'LOW', 'shell/window.ts'],
      ['AUXCLICK_JS_CHECK', 'MEDIUM', 'shell/other.ts'],
      ['PRELOAD_JS_CHECK', 'MEDIUM', 'shell/window.ts'],
    ]);
    expect(findings[1].sample).toBe('const win = new BrowserWindow({ a: 1, b: 2 });');
  });

  it('a reviewed check passes only in the file it was reviewed in; low findings never fail', () => {
    const reviewed = [{ check: 'PRELOAD_JS_CHECK', file: 'shell/window.ts', reason: 'one contextBridge object' }];
    expect(unreviewed(findings, reviewed).map((f) => f.check)).toEqual(['AUXCLICK_JS_CHECK']);
    expect(unreviewed(findings, [...reviewed, { check: 'AUXCLICK_JS_CHECK', file: 'shell/window.ts', reason: 'x' }]).map((f) => f.file)).toEqual([
      'shell/other.ts',
    ]);
  });
});
