// E2E harness: serves the built site on 127.0.0.1, launches headless Chromium (with or without
// WebGPU) on a fresh profile, records the console, and on a failed test saves a screenshot and the
// console log under test-results/<test name>/.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, type TestContext } from 'vitest';
import { BASE_FLAGS, findChromium, INSTALL_HINT, WEBGPU_FLAGS } from './chromium.ts';
// @ts-expect-error plain JS module shared with `npm start`
import { startServer } from '../../scripts/serve.mjs';

export const chromiumPath = findChromium();
export const RESULTS_DIR = 'test-results';

if (!chromiumPath) {
  if (process.env.CI === 'true') throw new Error(INSTALL_HINT);
  console.warn(`\n${'!'.repeat(78)}\n!! E2E TESTS SKIPPED: ${INSTALL_HINT}\n${'!'.repeat(78)}\n`);
}
if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does it).');

/** describe() that skips loudly when no browser exists (outside CI). */
export const describeE2E = chromiumPath ? describe : describe.skip;

export interface Session {
  url: string;
  context: BrowserContext;
  page: Page;
  console: string[];
  /** Console messages of type error, and uncaught page errors. */
  errors: string[];
  /** Opens another page in the same profile (same IndexedDB), with console capture. */
  newPage(): Promise<Page>;
}

export interface SessionOptions {
  webgpu?: boolean;
  /** Extra Chromium flags. */
  args?: string[];
  /** The site's service worker precaches every model file in the background, which would show up in tests
   * that count requests or time loads; it is blocked unless a test is about it (test/e2e/hosting.test.ts). */
  serviceWorkers?: 'allow' | 'block';
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/** Registers hooks for one describe block; returns a getter for the live session. */
export function useBrowser(options: SessionOptions = {}): () => Session {
  let server: { url: string; close(): Promise<void> };
  let profile: string;
  let session: Session | undefined;

  beforeAll(async () => {
    server = await startServer({ root: 'dist' });
  });
  afterAll(async () => {
    await server?.close();
  });

  beforeEach(async () => {
    profile = await mkdtemp(join(tmpdir(), 'llm-lab-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath!,
      headless: true,
      args: [...BASE_FLAGS, ...(options.webgpu === false ? [] : WEBGPU_FLAGS), ...(options.args ?? [])],
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
      serviceWorkers: options.serviceWorkers ?? 'block',
    });
    const logs: string[] = [];
    const errors: string[] = [];
    const watch = (page: Page) => {
      page.on('console', (message: ConsoleMessage) => {
        logs.push(`[${message.type()}] ${message.text()}`);
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => {
        logs.push(`[pageerror] ${error.message}`);
        errors.push(error.message);
      });
      return page;
    };
    const page = watch(context.pages()[0] ?? (await context.newPage()));
    session = { url: server.url, context, page, console: logs, errors, newPage: async () => watch(await context.newPage()) };
  });

  afterEach(async (context: TestContext) => {
    const failed = context.task.result?.state === 'fail';
    if (session && failed) {
      const folder = join(RESULTS_DIR, slug(context.task.name));
      await mkdir(folder, { recursive: true });
      await session.page.screenshot({ path: join(folder, 'failure.png'), fullPage: true }).catch(() => undefined);
      await writeFile(join(folder, 'console.log'), session.console.join('\n'));
    }
    await session?.context.close();
    session = undefined;
    await rm(profile, { recursive: true, force: true });
  });

  return () => {
    if (!session) throw new Error('No browser session: call inside a test.');
    return session;
  };
}
