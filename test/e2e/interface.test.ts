// The interface on a projector and on a phone: every page at 1280x800 and at 390x844, in the light and
// the dark theme (chosen with the page's own Theme control), passes axe-core's WCAG 2.1 A/AA rules and
// best practices (labels, names, contrast, landmarks, headings, focusable scroll regions) and nothing
// sticks out sideways; the main navigation works from the keyboard alone. Pages with results are
// audited in the playground flow (playground.test.ts).
import { expect, test } from 'vitest';
import { accessibilityViolations, horizontalOverflow } from './audit.ts';
import { describeE2E, useBrowser } from './harness.ts';

const PAGES = ['compare', 'compress', 'history', 'storage', 'device', 'web-llm'];
const SCREENS = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

describeE2E('Interface quality', () => {
  const browser = useBrowser({ webgpu: true });

  test('every page, both themes, laptop and phone: no axe violations, no sideways overflow', async () => {
    const { page, url, errors } = browser();
    const findings: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await page.goto(`${url}#/compare`);
      await page.getByLabel('Theme').selectOption(theme);
      expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(theme);
      for (const screen of SCREENS) {
        await page.setViewportSize({ width: screen.width, height: screen.height });
        for (const path of PAGES) {
          await page.goto(`${url}#/${path}`);
          await page.getByRole('heading', { level: 1 }).first().waitFor({ state: 'attached' });
          await page.waitForLoadState('networkidle');
          const where = `${theme} ${screen.name} #/${path}`;
          for (const violation of await accessibilityViolations(page)) findings.push(`${where}: ${violation}`);
          const overflow = await horizontalOverflow(page);
          if (overflow > 0) findings.push(`${where}: the page is ${overflow}px wider than the screen`);
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
