// The ONNX engine in a real Chromium, driven through the Device page's quick run: the demo teacher
// decodes the same greedy tokens on WebGPU (SwiftShader) and wasm as the same engine code does in
// Node and as the pack's build did with its own decode loop; after a reload its files come from
// IndexedDB with not one request; the build ships one onnxruntime (one wasm file, one runtime
// bundle) and nothing is fetched from another host.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { OnnxEngine } from '../../src/core/engines/onnx/engine.ts';
import { describeE2E, useBrowser } from './harness.ts';

const PROMPT = 'Call me Ishmael. ';
const NEW_TOKENS = 16;

interface PackEntry {
  path: string;
  role?: string;
}

/** The teacher's folder under public/models, as the quick run picks it (role teacher, else the first). */
async function teacherId(): Promise<string> {
  const index = JSON.parse(await readFile('public/models/index.json', 'utf8')) as { models: PackEntry[] };
  const entry = index.models.find((m) => m.role === 'teacher') ?? index.models[0]!;
  return entry.path.split('/').filter(Boolean).pop()!;
}

/** The greedy continuation the pack's build decoded for PROMPT with its own KV-cache loop. */
async function manifestContinuation(): Promise<string> {
  const manifest = JSON.parse(await readFile(`public/models/${await teacherId()}/manifest.json`, 'utf8')) as {
    samples: { items: Array<{ prompt: string; continuation: string }> };
  };
  return manifest.samples.items.find((item) => item.prompt === PROMPT)!.continuation;
}

/** Greedy ids from the same engine code in Node (onnxruntime-web's wasm build, files from disk). */
async function nodeGreedyIds(): Promise<number[]> {
  const engine = new OnnxEngine({
    fetch: async (url) => new Response(await readFile(fileURLToPath(url))),
    endpoints: { demoPackUrl: pathToFileURL(`${join(process.cwd(), 'public/models')}/`).href },
  });
  await engine.load({ model: { source: 'demo-pack', modelId: await teacherId(), dtype: 'fp32' }, device: 'wasm' });
  const report = await engine.generate(PROMPT, { maxNewTokens: NEW_TOKENS, sampling: { kind: 'greedy' }, ignoreEos: true });
  await engine.unload();
  return report.tokenIds!;
}

interface QuickRun {
  ids: number[];
  text: string;
  provider: string;
  downloaded: number;
  fromCache: number;
}

async function generateOn(page: Page, device: 'webgpu' | 'wasm'): Promise<QuickRun> {
  const section = page.getByRole('region', { name: 'Run a model (ONNX engine)' });
  await expect.poll(() => section.getByLabel('Model').locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await section.getByLabel('Device').selectOption(device);
  await section.getByLabel('New tokens').fill(String(NEW_TOKENS));
  await section.getByLabel('Prompt').fill(PROMPT);
  await section.getByRole('button', { name: 'Generate' }).click();
  const report = section.getByTestId('quick-run-report');
  const alert = section.getByRole('alert');
  await expect.poll(async () => (await report.count()) + (await alert.count()), { timeout: 150_000 }).toBeGreaterThan(0);
  expect(await alert.count(), (await alert.count()) ? await alert.textContent() ?? '' : '').toBe(0);
  const load = section.getByTestId('quick-run-load');
  const ids = (await section.getByTestId('quick-run-output').getAttribute('data-token-ids'))!.split(',').map(Number);
  return {
    ids,
    text: (await section.getByTestId('quick-run-output').textContent())!,
    provider: (await section.getByTestId('quick-run-provider').textContent())!,
    downloaded: Number(await load.getAttribute('data-downloaded')),
    fromCache: Number(await load.getAttribute('data-from-cache')),
  };
}

describe('the build', () => {
  test('ships one onnxruntime wasm file and no stray copy of the runtime (the distillation worker carries its own)', async () => {
    const assets = await readdir('dist/assets');
    expect(assets.filter((name) => /^ort-wasm.*\.wasm$/.test(name))).toEqual([expect.stringMatching(/^ort-wasm-simd-threaded\.asyncify-.*\.wasm$/)]);
    // A string only onnxruntime-web's runtime carries: a second copy (transformers.js's Node build
    // bundles one) would show up as another chunk holding it. Known exception: the distillation worker is
    // its own bundle and carries its own copy of the JS runtime (~2 MB, loaded only when Distill trains;
    // both load the one wasm file above). Sharing one chunk across worker bundles is open work.
    const scripts = assets.filter((name) => name.endsWith('.js'));
    const holders: string[] = [];
    for (const name of scripts) if ((await readFile(join('dist/assets', name), 'utf8')).includes("Can't initialize onnxruntime")) holders.push(name);
    expect(holders.filter((name) => !name.startsWith('train.worker-'))).toEqual([expect.stringMatching(/^ort-.*\.js$/)]);
    expect(holders.length).toBeLessThanOrEqual(2);
  });
});

describeE2E('ONNX engine in Chromium', () => {
  const browser = useBrowser({ webgpu: true });

  test('the demo teacher generates the same greedy tokens on webgpu and wasm as in Node', async () => {
    const session = browser();
    await session.page.goto(`${session.url}#/device`);
    const webgpu = await generateOn(session.page, 'webgpu');
    const wasm = await generateOn(session.page, 'wasm');
    expect(webgpu.provider).toBe('webgpu');
    expect(wasm.provider).toBe('wasm');
    expect(webgpu.ids).toHaveLength(NEW_TOKENS);
    expect(webgpu.ids).toEqual(wasm.ids);
    expect(wasm.ids).toEqual(await nodeGreedyIds());
    // The pack's build decoded the same prompt greedily with its own loop (src/core/models/llama-runner.ts).
    expect((await manifestContinuation()).startsWith(wasm.text)).toBe(true);
    expect(wasm.text.length).toBeGreaterThan(10);
    expect(session.errors).toEqual([]);
  });

  test('Cancel ends a generation in the worker early, with finish reason cancelled', async () => {
    const session = browser();
    await session.page.goto(`${session.url}#/device`);
    const section = session.page.getByRole('region', { name: 'Run a model (ONNX engine)' });
    await generateOn(session.page, 'webgpu'); // loads the model, so the next run starts decoding at once
    await section.getByLabel('New tokens').fill('100');
    await section.getByRole('button', { name: 'Generate' }).click();
    const output = section.getByTestId('quick-run-output');
    await expect.poll(async () => ((await output.count()) ? (await output.getAttribute('data-token-ids')) ?? '' : ''), { timeout: 120_000 }).toMatch(/\d/);
    await section.getByRole('button', { name: 'Cancel' }).click();
    const report = section.getByTestId('quick-run-report');
    await expect.poll(() => report.count(), { timeout: 60_000 }).toBe(1);
    expect(await report.getAttribute('data-finish-reason')).toBe('cancelled');
    expect((await output.getAttribute('data-token-ids'))!.split(',').length).toBeLessThan(100);
    expect(session.errors).toEqual([]);
  });

  test('after a reload the model loads from IndexedDB with no request for its files, and nothing leaves this host', async () => {
    const session = browser();
    const modelPath = `/models/${await teacherId()}/`;
    const modelRequests: string[] = [];
    const foreign: string[] = [];
    session.context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.includes(modelPath)) modelRequests.push(url.pathname);
      if (url.protocol.startsWith('http') && url.host !== new URL(session.url).host) foreign.push(request.url());
    });
    await session.page.goto(`${session.url}#/device`);
    const first = await generateOn(session.page, 'wasm');
    expect(modelRequests.length).toBeGreaterThanOrEqual(5);
    expect(first.downloaded).toBeGreaterThan(0);
    expect(first.fromCache).toBe(0);

    modelRequests.length = 0;
    await session.page.reload();
    const second = await generateOn(session.page, 'wasm');
    expect(modelRequests).toEqual([]);
    expect(second.downloaded).toBe(0);
    expect(second.fromCache).toBe(first.downloaded);
    expect(second.ids).toEqual(first.ids);
    expect(foreign).toEqual([]);
    expect(session.errors).toEqual([]);
  });
});
