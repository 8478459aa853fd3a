// Injection: HTML and script payloads in model output, run and model names, error messages, file
// names of imported results and of models picked on the Compress page are shown as text and never
// run: window.__pwned stays undefined, no element the payload describes appears, the text is visible.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { exportRunsJson } from '../../src/core/results/json.ts';
import { laptop, sampleRun } from '../unit/core/results/sample-run.ts';
import { describeE2E, useBrowser } from './harness.ts';

const IMG = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '<script>window.__pwned=1</script>';

async function expectInert(page: Page): Promise<void> {
  await page.waitForTimeout(300); // an onerror would fire on the next tasks
  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], main script').count()).toBe(0);
}

describeE2E('payloads are rendered inert', () => {
  const browser = useBrowser({ webgpu: false });

  test('imported results: output, model, label and error message show as text', async () => {
    const { page, url } = browser();
    const payload = `${IMG} and ${SCRIPT}`;
    const generation = { ...sampleRun('x').generation!, text: payload, tokenTexts: [payload] };
    const runs = [
      sampleRun('inj-1', { outputText: payload, generation, variant: { ...sampleRun('x').variant, model: SCRIPT } }),
      sampleRun('inj-2', { outputText: payload, generation, error: { code: 'engine', message: IMG } }),
    ];
    await page.goto(`${url}#/history`);
    await page.getByLabel('Import JSON files').setInputFiles({ name: `${IMG}.json`, mimeType: 'application/json', buffer: Buffer.from(exportRunsJson(runs, laptop)) });
    await expect.poll(() => page.getByTestId('history-run').count()).toBe(2);
    for (const box of await page.getByTestId('history-run').getByRole('checkbox').all()) await box.check();
    await expect.poll(() => page.getByTestId('output-panel').count()).toBe(2);
    expect(await page.getByTestId('output-panel').first().innerText()).toContain(payload);
    expect(await page.getByTestId('history-run').first().innerText()).toContain(SCRIPT);
    expect(await page.locator('main').innerText()).toContain(`failed: ${IMG}`);
    await expectInert(page);
  });

  test('a model file named like HTML: the Compress page names it as text', async () => {
    const { page, url } = browser();
    await page.goto(`${url}#/compress`);
    await page.getByTestId('inspector').waitFor({ timeout: 60_000 });
    await page.getByRole('radio', { name: 'From files' }).check();
    const name = `${IMG}.onnx`;
    await page.getByLabel('Choose files…').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from('not a model at all') });
    await expect.poll(() => page.locator('main').innerText(), { timeout: 60_000 }).toContain(name);
    await expectInert(page);
  });
});
