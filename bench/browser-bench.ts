// Browser half of the benchmark: builds the bench page (bench/browser, a separate Vite build into a
// temporary folder, so the app's build stays untouched), serves it cross-origin isolated, and drives
// headless Chromium (playwright-core): the app's compress worker on the synthetic model (stage and
// end to end), then the q4 kernel alone and the copy ceiling in the page's own worker. Peak memory
// is the RSS of Chromium's renderer processes (the page and its workers live there), read from /proc
// every 20 ms, minus their idle RSS after load: performance.memory sees only the page's JS heap, and
// measureUserAgentSpecificMemory gives no peak.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { BASE_FLAGS, findChromium } from '../test/e2e/chromium.ts';
// @ts-expect-error plain JS module shared with `npm start`
import { startServer } from '../scripts/serve.mjs';
import { benchRow, type EnvironmentRun } from './figures.ts';
import type { PageRun } from './browser/main.ts';

interface Process {
  pid: number;
  ppid: number;
  rss: number;
  renderer: boolean;
}

async function processes(): Promise<Process[]> {
  const pageSize = 4096;
  const list: Process[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      list.push({ pid: Number(entry), ppid: Number(fields[1]), rss: Number(fields[21]) * pageSize, renderer: cmdline.includes('--type=renderer') });
    } catch {
      // the process ended while we read it
    }
  }
  return list;
}

/** Summed RSS of the renderer processes descending from this Node process. */
async function rendererRss(): Promise<number> {
  const list = await processes();
  const children = new Map<number, Process[]>();
  for (const p of list) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let total = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (p.renderer) total += p.rss;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return total;
}

function sampleRendererRss(): () => Promise<number> {
  let peak = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void rendererRss().then((rss) => {
      peak = Math.max(peak, rss);
      busy = false;
    });
  }, 20);
  return async () => {
    clearInterval(timer);
    return Math.max(peak, await rendererRss());
  };
}

async function buildPage(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'llm-lab-bench-'));
  await build({ configFile: false, root: 'bench/browser', base: './', logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
  return outDir;
}

/** The page's `bench` object (bench/browser/main.ts); page.evaluate callbacks run in the page, so they name it in full. */
type BenchApi = {
  build(layers: number): { params: number; inputBytes: number };
  warmUp(): Promise<void>;
  compress(): Promise<PageRun>;
  copy(bytes: number): Promise<{ warm: number; cold: number }>;
  kernel(): Promise<{ weights: number; seconds: number; copyBytesPerSecond: number }>;
};

export async function benchBrowser(layers: number): Promise<{ run: EnvironmentRun; browserVersion: string } | { skipped: string }> {
  const executablePath = findChromium();
  if (!executablePath) return { skipped: 'no Chromium found (set CHROME_PATH)' };
  const measureMemory = process.platform === 'linux';
  const root = await buildPage();
  const server = (await startServer({ root })) as { url: string; close(): Promise<void> };
  const browser = await chromium.launch({ executablePath, headless: true, args: [...BASE_FLAGS, '--js-flags=--expose-gc'] });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}index.html`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.evaluate(() => (globalThis as unknown as { bench: BenchApi }).bench.warmUp());
    await page.evaluate(() => (globalThis as unknown as { gc(): void }).gc());
    const idle = measureMemory ? await rendererRss() : 0;
    const built = await page.evaluate((n) => (globalThis as unknown as { bench: BenchApi }).bench.build(n), layers);
    await page.evaluate(() => (globalThis as unknown as { gc(): void }).gc());
    const stop = measureMemory ? sampleRendererRss() : null;
    const run = await page.evaluate(() => (globalThis as unknown as { bench: BenchApi }).bench.compress());
    const peak = stop ? await stop() : null;
    const copy = await page.evaluate((bytes) => (globalThis as unknown as { bench: BenchApi }).bench.copy(bytes), run.weightBytes);
    const kernel = await page.evaluate(() => (globalThis as unknown as { bench: BenchApi }).bench.kernel());
    const common = { params: built.params, inputBytes: built.inputBytes, weightBytes: run.weightBytes, copyBytesPerSecond: copy.warm, coldCopyBytesPerSecond: copy.cold };
    const environment = `Chromium ${browser.version()}`;
    return {
      browserVersion: browser.version(),
      run: {
        rows: [
          benchRow({ ...common, environment: `${environment} (compress worker)`, measure: 'stage', seconds: run.stageEnd - run.stageStart, peakBytes: null }),
          benchRow({ ...common, environment: `${environment} (compress worker)`, measure: 'end to end', seconds: run.seconds, peakBytes: peak === null ? null : peak - idle }),
          benchRow({
            environment: `${environment} (dedicated worker, one 100 MB weight)`,
            measure: 'kernel',
            params: kernel.weights,
            inputBytes: kernel.weights * 4,
            weightBytes: kernel.weights * 4,
            seconds: kernel.seconds,
            copyBytesPerSecond: kernel.copyBytesPerSecond,
            peakBytes: null,
          }),
        ],
        phases: { load: run.stageStart, stage: run.stageEnd - run.stageStart, write: run.seconds - run.stageEnd },
        memoryMethod: measureMemory ? 'renderer process RSS from /proc every 20 ms, minus idle' : 'not measured (needs Linux /proc)',
      },
    };
  } finally {
    await browser.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}
