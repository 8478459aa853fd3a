// Browser half of the benchmark: builds the bench page (bench/browser, a separate Vite build into a
// temporary folder, so the app's build stays untouched), serves it cross-origin isolated, and drives
// headless Chromium (playwright-core). Peak memory is the RSS of Chromium's renderer processes (the
// page and its workers live there), read from /proc every 20 ms, minus their idle RSS after load:
// performance.memory sees only the page's JS heap, and measureUserAgentSpecificMemory gives no peak.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { BASE_FLAGS, findChromium } from '../test/e2e/chromium.ts';
// @ts-expect-error plain JS module shared with `npm start`
import { startServer } from '../scripts/serve.mjs';
import { figures, type BenchFigures } from './figures.ts';

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

type BenchApi = {
  build(layers: number): { params: number; inputBytes: number };
  warmUp(): Promise<void>;
  compress(): Promise<{ seconds: number; quantizeSeconds: number; workerMs: number; weightBytes: number; outputBytes: number }>;
  copy(bytes: number): number;
};

export async function benchBrowser(layers: number): Promise<{ figures: BenchFigures; browserVersion: string } | { skipped: string }> {
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
    const copyBytesPerSecond = await page.evaluate((bytes) => (globalThis as unknown as { bench: BenchApi }).bench.copy(bytes), run.weightBytes);
    return {
      browserVersion: browser.version(),
      figures: figures({
        environment: `Chromium ${browser.version()} (compress worker)`,
        params: built.params,
        inputBytes: built.inputBytes,
        weightBytes: run.weightBytes,
        quantizeSeconds: run.quantizeSeconds,
        endToEndSeconds: run.seconds,
        copyBytesPerSecond,
        peakBytes: peak === null ? null : peak - idle,
        memoryMethod: measureMemory ? 'renderer process RSS from /proc every 20 ms, minus idle' : 'not measured (needs Linux /proc)',
      }),
    };
  } finally {
    await browser.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}
