// Static hosting acceptance: the built site served under /lab/ by a server that sends no COOP/COEP
// headers becomes cross-origin isolated through the service worker (one reload), and after the
// first visit has precached, a reload with the network off shows the app and the built-in model
// runs on wasm (its next-token logits match onnxruntime in Node).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_FLAGS } from './chromium.ts';
import { chromiumPath, describeE2E } from './harness.ts';
import { teacherReferenceTop } from './reference.ts';
// @ts-expect-error plain JS module shared with `npm start`
import { startServer } from '../../scripts/serve.mjs';

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
    const first = await page.goto(`${server.url}#/device`);
    expect(first?.headers()['cross-origin-embedder-policy']).toBeUndefined();
    // The service worker precaches, takes control, and the page reloads once into isolation.
    await page.waitForFunction(() => globalThis.crossOriginIsolated && navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
    expect(await page.evaluate(() => sessionStorage.getItem('lab-sw-reloaded-for-isolation'))).toBe('1');

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await page.getByRole('button', { name: /^Run on (WebGPU and )?wasm$/ }).click();
    const result = page.getByTestId('self-test-wasm');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 120_000 }).toMatch(/done|failed/);
    expect(await result.getAttribute('data-status'), (await result.textContent()) ?? '').toBe('done');
    const ids = (await result.locator('tbody tr td:first-child').allTextContents()).map(Number);
    expect(ids).toEqual((await teacherReferenceTop()).map((token) => token.id));
    expect(errors).toEqual([]);
  });
});
