// Static hosting acceptance: the built site served under /lab/ by a server that sends no COOP/COEP
// headers becomes cross-origin isolated through the service worker (one reload), and after the
// first visit has precached, a reload with the network off shows the app and the built-in model
// runs on wasm (its next-token logits match onnxruntime in Node). And the Content-Security-Policy
// of index.html lets every page work: no violation event, no refusal in the console.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_FLAGS } from './chromium.ts';
import { chromiumPath, describeE2E, useBrowser } from './harness.ts';
import { teacherReferenceTop } from './reference.ts';
// @ts-expect-error plain JS module shared with `npm start`
import { startServer } from '../../scripts/serve.mjs';

/** Records every securitypolicyviolation event of the page's documents. */
async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
}

const cspViolations = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp);

describeE2E('the built site on a plain static host at /lab/', () => {
  let server: { url: string; close(): Promise<void> };
  let profile: string;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startServer({ root: 'dist', isolate: false, prefix: '/lab/' });
    profile = await mkdtemp(join(tmpdir(), 'llm-lab-hosting-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath!, headless: true, args: BASE_FLAGS });
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    await rm(profile, { recursive: true, force: true });
  });

  test('becomes cross-origin isolated, then works offline: the app loads and the demo model runs on wasm', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    let loads = 0;
    page.on('load', () => loads++);
    await watchCsp(page);
    const first = await page.goto(`${server.url}#/device`);
    expect(first?.headers()['cross-origin-embedder-policy']).toBeUndefined();
    // The service worker precaches, takes control, and the page reloads once (not more) into isolation.
    await page.waitForFunction(() => globalThis.crossOriginIsolated && navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
    await expect.poll(() => loads, { timeout: 30_000 }).toBe(2);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await page.getByRole('button', { name: /^Run on (WebGPU and )?wasm$/ }).click();
    const result = page.getByTestId('self-test-wasm');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 150_000 }).toMatch(/done|failed/);
    expect(await result.getAttribute('data-status'), (await result.textContent()) ?? '').toBe('done');
    const ids = (await result.locator('tbody tr td:first-child').allTextContents()).map(Number);
    expect(ids).toEqual((await teacherReferenceTop()).map((token) => token.id));
    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);
});

describeE2E('Content-Security-Policy', () => {
  const browser = useBrowser({ webgpu: true });

  test('no page of the navigation violates it, and an inline script is refused', async () => {
    const session = browser();
    await watchCsp(session.page);
    await session.page.goto(session.url);
    const nav = session.page.getByRole('navigation', { name: 'Main' });
    const names = await nav.getByRole('link').allTextContents();
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      await nav.getByRole('link', { name, exact: true }).click();
      await session.page.getByRole('main').getByRole('heading').first().waitFor();
      await session.page.waitForLoadState('load');
    }
    expect(await cspViolations(session.page)).toEqual([]);
    expect(session.console.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
    // The policy is really in force: an inline script is refused.
    expect(await session.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
      return (globalThis as unknown as { __inline?: number }).__inline;
    })).toBeUndefined();
  });
});
