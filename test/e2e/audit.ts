// Accessibility and layout audits of the page as it stands: axe-core (the WCAG 2.1 A/AA rules and
// its best practices, colour contrast included) run inside the real page, and a horizontal-overflow
// check for narrow screens. Findings come back as readable lines, so a failure says what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: AxeNode[];
}

/** axe-core's violations on the current page, one line each: rule, impact, help, first elements. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as an inline <script>: the site's CSP refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations;
  }, TAGS);
  return (violations as AxeViolation[]).map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join(' | ')}`,
  );
}

/** Pixels the document is wider than the viewport (0 when nothing sticks out). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));
}

/** The page's text colour as [r, g, b]. */
export async function textColour(page: Page): Promise<[number, number, number]> {
  const css = await page.evaluate(() => getComputedStyle(document.body).color);
  const [r, g, b] = css.match(/\d+/g)!.map(Number);
  return [r!, g!, b!];
}

/** Opaque pixels of every uPlot chart canvas on the page within `distance` of a colour (axis text, labels). */
export async function chartPixelsNear(page: Page, colour: [number, number, number], distance = 24): Promise<number> {
  return page.locator('.uplot canvas').evaluateAll(
    (canvases, [target, limit]) => {
      let count = 0;
      for (const canvas of canvases as HTMLCanvasElement[]) {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        for (let p = 0; p < data.length; p += 4) {
          if (data[p + 3]! < 200) continue;
          const d = Math.hypot(data[p]! - target[0]!, data[p + 1]! - target[1]!, data[p + 2]! - target[2]!);
          if (d < (limit as number)) count++;
        }
      }
      return count;
    },
    [colour, distance] as const,
  );
}
