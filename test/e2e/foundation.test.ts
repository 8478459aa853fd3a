// Foundation flows in a real Chromium: the app loads clean, the device panel sees the (software)
// WebGPU adapter, the demo model runs in the worker on webgpu and wasm with matching logits (and
// matching an independent onnxruntime run in Node), no long main-thread tasks, and a browser
// without WebGPU still runs the model on wasm.
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { describeE2E, useBrowser } from './harness.ts';
import { teacherReferenceTop } from './reference.ts';

const LONG_TASK_LIMIT_MS = 200;

async function openDevicePage(session: ReturnType<ReturnType<typeof useBrowser>>) {
  await session.page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (globalThis as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push({ start: entry.startTime, duration: entry.duration }))).observe({ type: 'longtask', buffered: true });
  });
  await session.page.goto(`${session.url}#/device`);
  await session.page.getByTestId('webgpu-status').waitFor();
}

async function readTop(session: ReturnType<ReturnType<typeof useBrowser>>, provider: 'webgpu' | 'wasm') {
  const result = session.page.getByTestId(`self-test-${provider}`);
  await expect.poll(() => result.getAttribute('data-status'), { timeout: 120_000 }).toMatch(/done|failed/);
  expect(await result.getAttribute('data-status'), await result.textContent() ?? '').toBe('done');
  const cells = await result.locator('[data-logit]').all();
  const logits = await Promise.all(cells.map(async (cell) => Number(await cell.getAttribute('data-logit'))));
  const ids = await result.locator('tbody tr td:first-child').allTextContents();
  return ids.map((id, i) => ({ id: Number(id), logit: logits[i]! }));
}

describeE2E('with WebGPU (SwiftShader)', () => {
  const browser = useBrowser({ webgpu: true });

  test('the app loads with no console errors', async () => {
    const session = browser();
    await session.page.goto(session.url);
    await session.page.getByRole('navigation', { name: 'Main' }).waitFor();
    await session.page.getByRole('heading', { name: 'Variants', exact: true }).waitFor();
    await session.page.waitForLoadState('networkidle');
    for (const page of ['Compress', 'History', 'Models & storage', 'This device']) {
      await session.page.getByRole('link', { name: page, exact: true }).click();
      await session.page.waitForLoadState('networkidle');
    }
    await session.page.getByTestId('webgpu-status').waitFor();
    expect(session.errors).toEqual([]);
  });

  test('the device panel reports a WebGPU adapter', async () => {
    const session = browser();
    await openDevicePage(session);
    const status = await session.page.getByTestId('webgpu-status').textContent();
    expect(status).toMatch(/WebGPU adapter: .*google/i);
    expect(await session.page.getByTestId('feature-shader-f16').textContent()).toBe('no');
  });

  test('the demo model runs in the worker on webgpu and wasm, outputs agree within 1e-4, no long tasks', async () => {
    const session = browser();
    await openDevicePage(session);
    await session.page.waitForLoadState('networkidle');
    const runStarted = await session.page.evaluate(() => performance.now());
    await session.page.getByRole('button', { name: 'Run on WebGPU and wasm' }).click();
    const webgpu = await readTop(session, 'webgpu');
    const wasm = await readTop(session, 'wasm');
    expect(await session.page.getByTestId('provider-webgpu').textContent()).toBe('webgpu');
    expect(await session.page.getByTestId('provider-wasm').textContent()).toBe('wasm');
    const agreement = session.page.getByTestId('agreement');
    const probabilityDiff = Number(await agreement.getAttribute('data-max-probability-diff'));
    const relativeDiff = Number(await agreement.getAttribute('data-max-relative-diff'));
    expect(probabilityDiff).toBeLessThan(1e-4);
    expect(relativeDiff).toBeLessThan(1e-4);
    // Independent check: onnxruntime in Node on the same model and tokens. Its wasm build matches the
    // browser's wasm run to float rounding; WebGPU sums in another order, so it gets a relative bound.
    const reference = await teacherReferenceTop();
    expect(wasm.map((t) => t.id)).toEqual(reference.map((t) => t.id));
    wasm.forEach((t, i) => expect(Math.abs(t.logit - reference[i]!.logit)).toBeLessThan(1e-5));
    expect(webgpu.map((t) => t.id)).toEqual(reference.map((t) => t.id));
    webgpu.forEach((t, i) => expect(Math.abs(t.logit - reference[i]!.logit)).toBeLessThan(1e-4 * Math.max(1, Math.abs(reference[0]!.logit))));
    // Long tasks of the main thread while the model loaded and ran (page start-up is not a model run).
    const longTasks = await session.page.evaluate(() => (globalThis as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
    expect(longTasks.filter((t) => t.start >= runStarted && t.duration > LONG_TASK_LIMIT_MS)).toEqual([]);
    expect(session.errors).toEqual([]);
  });
});

describeE2E('without WebGPU flags', () => {
  const browser = useBrowser({ webgpu: false });

  test('the app says WebGPU is unavailable and still runs the model on wasm', async () => {
    const session = browser();
    await openDevicePage(session);
    expect(await session.page.getByTestId('webgpu-status').textContent()).toMatch(/WebGPU is unavailable/);
    await expect.poll(() => session.page.getByTestId('webgpu-disabled-reason').isVisible()).toBe(true);
    await session.page.getByRole('button', { name: 'Run on wasm' }).click();
    const wasm = await readTop(session, 'wasm');
    const reference = await teacherReferenceTop();
    expect(wasm.map((t) => t.id)).toEqual(reference.map((t) => t.id));
    expect(await session.page.getByTestId('provider-wasm').textContent()).toBe('wasm');
    const index = JSON.parse(await readFile('public/models/index.json', 'utf8'));
    expect(index.models.length).toBeGreaterThan(0);
  });
});
