import { readFileSync } from 'node:fs';
import type { Page } from 'playwright';

/** axe-core's own build, evaluated in the page (the console's CSP allows no injected script tags). */
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; any: { data?: { fgColor?: string; bgColor?: string; contrastRatio?: number } | null }[] }[];
}

const colours = (n: Violation['nodes'][number]) => {
  const data = n.any.find((c) => c.data?.fgColor)?.data;
  return data ? ` (${data.fgColor} on ${data.bgColor}, ${data.contrastRatio}:1)` : '';
};

/** What axe-core's WCAG 2 A and AA rules find on screen now, one "rule: element (colours) — help" line each. */
export async function axeFindings(page: Page): Promise<string[]> {
  if ((await page.evaluate('typeof window.axe')) !== 'object') await page.evaluate(AXE);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as Violation[];
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}${colours(n)} — ${v.help}`));
}
