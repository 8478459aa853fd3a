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
    const tasks: number[] = [];
    (globalThis as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({ type: 'longtask', buffered: true });
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
    await session.page.getByTestId('webgpu-status').waitFor();
    await session.page.waitForLoadState('networkidle');
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
    await session.page.getByRole('button', { name: 'Run on WebGPU and wasm' }).click();
    const webgpu = await readTop(session, 'webgpu');
    const wasm = await readTop(session, 'wasm');
    expect(await session.page.getByTestId('provider-webgpu').textContent()).toBe('webgpu');
    expect(await session.page.getByTestId('provider-wasm').textContent()).toBe('wasm');
    const maxDiff = Number(await session.page.getByTestId('agreement').getAttribute('data-max-abs-diff'));
    expect(maxDiff).toBeLessThan(1e-4);
    // Independent check: onnxruntime in Node on the same model and tokens gives the same top logits.
    const reference = await teacherReferenceTop();
    for (const run of [webgpu, wasm]) {
      expect(run.map((t) => t.id)).toEqual(reference.map((t) => t.id));
      run.forEach((t, i) => expect(Math.abs(t.logit - reference[i]!.logit)).toBeLessThan(1e-4));
    }
    const longTasks = await session.page.evaluate(() => (globalThis as unknown as { __longTasks: number[] }).__longTasks);
    expect(longTasks.filter((ms) => ms > LONG_TASK_LIMIT_MS)).toEqual([]);
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
