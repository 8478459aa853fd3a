// The Planner page in a real Chromium (software WebGPU): the built-in model's plan with its stacked
// bars, the parameter count matching the demo pack's manifest (written by the model builder, not
// the planner), the device-limit checks, the targets table and chart, the microbenchmarks running in
// the plan worker, a web-llm model with web-llm's own figure, and a bad pasted config named by field.
// No console errors, no axe violations.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { accessibilityViolations } from './audit.ts';
import { describeE2E, useBrowser } from './harness.ts';

const manifest = JSON.parse(readFileSync('public/models/moby-llama-1m/manifest.json', 'utf8')) as { parameters: number };

describeE2E('Planner page', () => {
  const browser = useBrowser({ webgpu: true });

  test('plans the built-in model: bars, limits, targets, speed; web-llm and a bad config', async () => {
    const { page, url, errors } = browser();
    await page.goto(`${url}#/planner`);
    await page.getByRole('heading', { name: 'Deployment planner', level: 1 }).waitFor();
    const bars = page.getByTestId('memory-bars');
    await bars.waitFor({ timeout: 60_000 });
    expect(await bars.getAttribute('aria-label')).toMatch(/Weights .*KV cache .*Workspace/);
    await page.getByText(`${manifest.parameters.toLocaleString('en-US')} parameters`).waitFor();
    const memoryHeading = page.getByRole('heading', { name: /^Memory: / });
    expect(await memoryHeading.textContent()).toContain('128 tokens');

    // Device limits from the real adapter: the largest tensor (the embedding table) fits the binding.
    const binding = page.getByRole('row', { name: /maxStorageBufferBindingSize/ });
    expect(await binding.textContent()).toMatch(/fits/);

    // Targets: every device with its source, and the chart.
    const targets = page.getByRole('table', { name: /Deployment targets/ });
    expect(await targets.getByRole('row').count()).toBeGreaterThan(15);
    await targets.getByRole('row', { name: /NVIDIA H100 SXM/ }).getByText(/nvidia\.com/).waitFor();
    await page.getByRole('img', { name: /Predicted decode tokens per second/ }).waitFor();

    // The weight format changes the weights: q4 is smaller than fp32.
    const before = await memoryHeading.textContent();
    await page.getByLabel('Weight format').selectOption('q4');
    await expect.poll(() => memoryHeading.textContent()).not.toBe(before);

    // Microbenchmarks in the worker.
    await page.getByRole('button', { name: 'Measure this device' }).click();
    await page.getByText(/CPU copy \(32 MiB, JS in a worker\): [\d.]+ GB\/s/).waitFor({ timeout: 30_000 });
    await page.getByText(/WebGPU copy: /).waitFor();

    // Server plan.
    await page.getByRole('table', { name: /Server plan/ }).getByText(/vllm serve .*--tensor-parallel-size 1/).first().waitFor();

    expect(await accessibilityViolations(page)).toEqual([]);

    // A web-llm model: web-llm's own figure beside ours.
    await page.getByRole('radio', { name: 'web-llm model' }).check();
    await page.getByText(/web-llm's own figure for this model: 879\.04 MiB/).waitFor({ timeout: 30_000 });

    // A pasted config with zero layers: the field is named.
    await page.getByRole('radio', { name: 'Paste config.json' }).check();
    await page.getByRole('textbox', { name: 'config.json' }).fill(JSON.stringify({ model_type: 'llama', vocab_size: 32000, hidden_size: 512, intermediate_size: 1024, num_hidden_layers: 0, num_attention_heads: 8 }));
    await page.getByRole('alert').filter({ hasText: 'num_hidden_layers' }).first().waitFor();

    expect(errors).toEqual([]);
  }, 180_000);
});
