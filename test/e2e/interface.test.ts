// The interface on a projector and on a phone: every page at 1280x800 and at 390x844, in the light and
// the dark theme (chosen with the page's own Theme control), passes axe-core's WCAG 2.1 A/AA rules and
// best practices (labels, names, contrast, landmarks, headings, focusable scroll regions) and nothing
// sticks out sideways; the main navigation works from the keyboard alone. Pages with results are
// audited in the playground flow (playground.test.ts).
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { accessibilityViolations, horizontalOverflow } from './audit.ts';
import { describeE2E, RESULTS_DIR, useBrowser } from './harness.ts';

/** Each page, and what shows once it has loaded its content (so the audit sees the real page). */
const PAGES: Record<string, (page: Page) => Locator> = {
  compare: (page) => page.getByRole('checkbox', { name: 'fp32 (float32) on webgpu' }),
  compress: (page) => page.getByTestId('ops-table'),
  history: (page) => page.getByText('No runs yet.'),
  storage: (page) => page.getByRole('heading', { name: /Stored items/ }),
  device: (page) => page.getByRole('button', { name: 'Run on WebGPU and wasm' }),
  'web-llm': (page) => page.getByRole('heading', { name: 'web-llm models' }),
};
const SCREENS = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

describeE2E('Interface quality', () => {
  const browser = useBrowser({ webgpu: true });

  test('every page, both themes, laptop and phone: no axe violations, no sideways overflow', async () => {
    const { page, url, errors } = browser();
    const findings: string[] = [];
    await mkdir(RESULTS_DIR, { recursive: true });
    for (const theme of ['light', 'dark'] as const) {
      await page.goto(`${url}#/compare`);
      await page.getByLabel('Theme').selectOption(theme);
      expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(theme);
      for (const screen of SCREENS) {
        await page.setViewportSize({ width: screen.width, height: screen.height });
        for (const [path, loaded] of Object.entries(PAGES)) {
          await page.goto(`${url}#/${path}`);
          await loaded(page).first().waitFor({ timeout: 60_000 });
          await page.waitForLoadState('networkidle');
          const where = `${theme} ${screen.name} #/${path}`;
          for (const violation of await accessibilityViolations(page)) findings.push(`${where}: ${violation}`);
          const overflow = await horizontalOverflow(page);
          if (overflow > 0) findings.push(`${where}: the page is ${overflow}px wider than the screen`);
          await page.screenshot({ path: `${RESULTS_DIR}/page-${path}-${theme}-${screen.width}.png`, fullPage: true });
        }
      }
    }
    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);

  test('the main navigation works from the keyboard alone', async () => {
    const { page, url } = browser();
    await page.goto(`${url}#/compare`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // Tab from the top of the page to the History link, then follow it with Enter.
    let focused = '';
    for (let presses = 0; presses < 12 && focused !== 'History'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent?.trim() ?? '');
    }
    expect(focused).toBe('History');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none'); // the focus is visible
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'History', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'History' }).getAttribute('aria-current')).toBe('page');
  });
});
