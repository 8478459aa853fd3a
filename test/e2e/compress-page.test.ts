// The Compress page v1 in a real Chromium (software WebGPU): the demo teacher is loaded and inspected
// in a worker (op histogram, sortable tensor table, weight histogram before and after), a q4 block-32
// recipe built in the step editor runs, is saved and opened in Compare with the variant ticked; a
// magnitude sweep over four sparsities is compressed and scored against the original and plotted; a
// second sweep reuses the stored baseline and keeps its point, a third is stopped mid-way.
// A second test covers loading from files, a URL that fails, and the narrow (390 px) layout.
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { describeE2E, RESULTS_DIR, useBrowser } from './harness.ts';

/** Pixels of the canvas within 24 per channel of each CSS colour: proof that a series was drawn. */
async function seriesPixels(canvas: Locator, colours: string[]): Promise<number[]> {
  return canvas.evaluate((element, wanted) => {
    const c = element as HTMLCanvasElement;
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    const rgb = wanted.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
    const counts = rgb.map(() => 0);
    for (let p = 0; p < data.length; p += 4) {
      rgb.forEach(([r, g, b], i) => {
        if (data[p + 3]! > 200 && Math.abs(data[p]! - r!) < 24 && Math.abs(data[p + 1]! - g!) < 24 && Math.abs(data[p + 2]! - b!) < 24) counts[i]!++;
      });
    }
    return counts;
  }, colours);
}

async function seriesColours(page: Page): Promise<string[]> {
  return page.evaluate(() => ['--series-1', '--series-2'].map((name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim()));
}

async function columnTexts(table: Locator, column: number): Promise<string[]> {
  return table.locator(`tbody tr td:nth-child(${column})`).allTextContents();
}

describeE2E('Compress page v1 with WebGPU (SwiftShader)', () => {
  const browser = useBrowser({ webgpu: true });

  test('inspect, build q4 b32, run, see both histograms, save, open in Compare; sweep four sparsities into a curve, reuse the baseline, stop', async () => {
    const { page, url, errors } = browser();
    await page.goto(`${url}#/compress`);

    // Inspector: the teacher loads by itself; its op histogram and tensor table show.
    const inspector = page.getByTestId('inspector');
    await inspector.waitFor({ timeout: 60_000 });
    const ops = page.getByTestId('ops-table');
    expect(await ops.getByRole('rowheader', { name: 'MatMul', exact: true }).count()).toBe(1);
    const tensors = page.getByTestId('tensor-table');
    expect(await tensors.locator('tbody tr').count()).toBeGreaterThan(20);

    // Sorting: by bytes (default, largest first), then by name both ways.
    const bytes = (await tensors.locator('tbody td[data-bytes]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-bytes')))));
    expect(bytes).toEqual([...bytes].sort((a, b) => b - a));
    await tensors.getByRole('button', { name: /^Name/ }).click();
    const ascending = await columnTexts(tensors, 1);
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
    await tensors.getByRole('button', { name: /^Name/ }).click();
    expect(await columnTexts(tensors, 1)).toEqual([...ascending].reverse());
    expect(await tensors.getByRole('columnheader', { name: /^Name/ }).getAttribute('aria-sort')).toBe('descending');

    // Recipe: replace the default step with a q4 block-32 quantize step built in the editor.
    await page.getByRole('button', { name: 'Remove step 1' }).click();
    await page.getByRole('button', { name: 'Add a quantize step' }).click();
    const step = page.getByRole('group', { name: /^Step 1: Quantize/ });
    await step.getByLabel('Method').selectOption('q4');
    await step.getByLabel('Block size').selectOption('32');
    await expect.poll(() => page.getByTestId('recipe-summary').textContent()).toBe('Runs: q4 b32');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const status = page.getByTestId('compress-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 120_000 }).toMatch(/done|failed/);
    expect(await status.getAttribute('data-status'), (await status.textContent()) ?? '').toBe('done');
    expect(await ops.getByRole('rowheader', { name: 'com.microsoft.MatMulNBits' }).count()).toBe(1);

    // Histogram of one MLP weight: both series sampled and drawn on the canvas.
    await tensors.getByRole('button', { name: 'model.layers.0.mlp.up_proj.weight' }).click();
    const histogram = page.getByTestId('weight-histogram');
    await expect.poll(() => histogram.getAttribute('data-tensor')).toBe('model.layers.0.mlp.up_proj.weight');
    // 45,056 weights, sampled at 8,192 evenly spaced positions (the same ones before and after)
    expect(Number(await histogram.getAttribute('data-before-count'))).toBe(8192);
    expect(Number(await histogram.getAttribute('data-after-count'))).toBe(8192);
    await expect.poll(() => histogram.textContent()).toMatch(/After: MatMulNBits 4-bit, block 32/);
    expect(await histogram.locator('.u-legend .u-series').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Before/), expect.stringMatching(/After/)]));
    const colours = await seriesColours(page);
    const [before, after] = await seriesPixels(histogram.locator('canvas'), colours);
    expect(before, 'before series pixels').toBeGreaterThan(50);
    expect(after, 'after series pixels').toBeGreaterThan(50);

    // Save, then one click to Compare with the variant ticked.
    await page.getByRole('button', { name: 'Save as variant' }).click();
    await page.getByTestId('saved-variant').waitFor();
    await page.getByRole('button', { name: 'Open in Compare' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/compare');
    const ticked = page.getByRole('checkbox', { name: 'moby-llama-1m · q4 b32 on webgpu' });
    await ticked.waitFor({ timeout: 30_000 });
    expect(await ticked.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'fp32 (float32) on webgpu' }).isChecked()).toBe(true);

    // Sweep: magnitude pruning at 0, 30, 60 and 90% of the weights, scored on wasm.
    await page.getByRole('link', { name: 'Compress' }).click();
    const sweep = page.getByRole('region', { name: 'Sweep' });
    await sweep.getByLabel('Method').selectOption('magnitude');
    await sweep.getByLabel('Sparsity levels (%)').fill('0, 30, 60, 90');
    await sweep.getByLabel('Score on').selectOption('wasm');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    const sweepStatus = page.getByTestId('sweep-status');
    await expect.poll(() => sweepStatus.getAttribute('data-status'), { timeout: 150_000 }).toMatch(/done|failed|cancelled/);
    expect(await sweepStatus.getAttribute('data-status'), (await sweepStatus.textContent()) ?? '').toBe('done');

    const rows = page.getByTestId('sweep-table').locator('tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')))).toEqual(['done', 'done', 'done', 'done']);
    const kld = await rows.locator('td[data-kld]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-kld'))));
    // 0% changes no weight: the point scores as the original did; more zeros move the distribution further.
    expect(kld[0]).toBeLessThan(1e-6);
    expect(kld[3]!).toBeGreaterThan(kld[1]!);
    const chart = page.getByTestId('sweep-chart');
    expect(await chart.getAttribute('data-points')).toBe('4');
    const [kldPixels, pplPixels] = await seriesPixels(chart.locator('canvas'), colours);
    expect(kldPixels, 'KLD series pixels').toBeGreaterThan(50);
    expect(pplPixels, 'perplexity series pixels').toBeGreaterThan(50);
    await mkdir(RESULTS_DIR, { recursive: true });
    await chart.screenshot({ path: `${RESULTS_DIR}/compress-sweep.png` });
    // Points were not kept: no sweep variant is left in IndexedDB.
    expect(await sweep.getByRole('button', { name: /^Delete sweep variants \(0\)/ }).isDisabled()).toBe(true);

    // Again at 30%, keeping the point: the original's stored distribution is reused, the point scores as before.
    await sweep.getByLabel('Sparsity levels (%)').fill('30');
    await sweep.getByLabel('Save each point as a variant').check();
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(async () => `${await sweepStatus.getAttribute('data-status')} ${await rows.count()}`, { timeout: 60_000 }).toBe('done 1');
    expect(await page.getByTestId('sweep-baseline').textContent()).toMatch(/already stored; not scored again/);
    const again = Number(await rows.locator('td[data-kld]').getAttribute('data-kld'));
    expect(Math.abs(again - kld[1]!)).toBeLessThanOrEqual(1e-6 * kld[1]!);
    await sweep.getByRole('button', { name: 'Delete sweep variants (1)' }).click();
    await sweep.getByRole('button', { name: 'Delete sweep variants (0)' }).waitFor();

    // Stop: the sweep ends at once, and the point in flight leaves no variant behind.
    await sweep.getByLabel('Save each point as a variant').uncheck();
    await sweep.getByLabel('Sparsity levels (%)').fill('0, 30, 60, 90');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(() => rows.first().getAttribute('data-status'), { timeout: 60_000 }).toBe('running');
    await sweep.getByRole('button', { name: 'Stop sweep' }).click();
    await expect.poll(() => sweepStatus.getAttribute('data-status')).toBe('cancelled');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')))).toEqual(['cancelled', 'waiting', 'waiting', 'waiting']);
    await sweep.getByRole('button', { name: 'Delete sweep variants (0)' }).waitFor();

    // Wanda calibrates in the sweep's own onnx-engine worker (first half of the text), then scores on the second half.
    await sweep.getByLabel('Method').selectOption('wanda');
    await sweep.getByLabel('Sparsity levels (%)').fill('50');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await expect.poll(async () => `${await sweepStatus.getAttribute('data-status')} ${await rows.count()}`, { timeout: 60_000 }).toBe('done 1');
    expect(Number(await rows.locator('td[data-kld]').getAttribute('data-kld'))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 300_000);

  test('loads dropped files, explains a failed URL in place, and fits a 390 px screen', async () => {
    const { page, url, errors } = browser();
    const server: Server = createServer((_request, response) => {
      response.writeHead(404, 'Not Found', { 'access-control-allow-origin': '*' });
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await page.setViewportSize({ width: 390, height: 800 });
      await page.goto(`${url}#/compress`);
      await page.getByTestId('inspector').waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      await page.getByRole('radio', { name: 'From files' }).check();
      await page.getByLabel('Choose files…').setInputFiles(['public/models/moby-llama-1m/onnx/model.onnx', 'public/models/moby-llama-1m/tokenizer.json']);
      await expect.poll(() => page.getByRole('heading', { name: /^Inspect/ }).textContent(), { timeout: 60_000 }).toMatch(/Inspect model\.onnx/);
      await page.getByLabel('Tokenizer and config from').selectOption('demo:moby-llama-1m');

      await page.getByRole('radio', { name: 'From a URL' }).check();
      const missing = `http://127.0.0.1:${(server.address() as AddressInfo).port}/nothing/model.onnx`;
      await page.getByLabel('Model URL (.onnx)').fill(missing);
      await page.getByRole('button', { name: 'Fetch' }).click();
      const alert = page.getByRole('region', { name: 'Load a model' }).getByRole('alert');
      await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toBe('model.onnx: the server answered 404 Not Found. Check the address (and, for external data, that the file sits next to the model).');
      // The model loaded before stays on screen.
      expect(await page.getByRole('heading', { name: /^Inspect/ }).textContent()).toMatch(/model\.onnx/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
