// The web-llm page in a real Chromium. With SwiftShader's WebGPU adapter (no shader-f16): f16 rungs
// are disabled with the reason in place; loading a q4f32 model with no network (hub hosts also
// blocked by route, so it fails fast) shows the typed network error in place and the app stays
// usable. Without WebGPU every rung is disabled and says why. No model is ever downloaded.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { describeE2E, useBrowser } from './harness.ts';

const MODEL = 'SmolLM2-360M-Instruct-q4f32_1-MLC';
const OFFLINE_MESSAGE = `Could not download ${MODEL} — you seem to be offline or huggingface.co is unreachable. Models from the offline demo pack still work.`;
const HUB_HOSTS = /^https:\/\/(huggingface\.co|raw\.githubusercontent\.com)\//;
// Chromium logs every refused request as a console error; those are the point of the offline test.
const NETWORK_NOISE = /Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_FAILED/;

const rung = (page: Page, ladder: string, quantization: string) => page.getByRole('radio', { name: `${ladder} ${quantization}`, exact: true });

async function openWebLlmPage(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/web-llm`);
  await page.getByTestId('ladder-SmolLM2-360M-Instruct').waitFor({ timeout: 60_000 });
}

/** The text of the elements an input's aria-describedby points to. */
async function description(page: Page, name: string): Promise<string> {
  const ids = (await page.getByRole('radio', { name, exact: true }).getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(ids.split(/\s+/).filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

describeE2E('web-llm page with WebGPU (SwiftShader, no shader-f16)', () => {
  const browser = useBrowser({ webgpu: true });

  test('f16 rungs are disabled with the reason shown; f32 rungs can be picked from the keyboard', async () => {
    const { page, url, errors } = browser();
    await openWebLlmPage(page, url);
    for (const ladder of ['SmolLM2-135M-Instruct', 'SmolLM2-360M-Instruct', 'Qwen2.5-0.5B-Instruct', 'Llama-3.2-1B-Instruct']) {
      const radios = page.getByTestId(`ladder-${ladder}`).getByRole('radio');
      const names = await radios.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
      expect(names.length).toBeGreaterThanOrEqual(2);
      for (const modelId of names) {
        const quantization = modelId.replace(`${ladder}-`, '').replace('-MLC', '');
        expect(await rung(page, ladder, quantization).isDisabled(), modelId).toBe(quantization.includes('f16'));
      }
    }
    // The reason is visible next to the rung and is part of its accessible description.
    const f16Reason = page.getByTestId('ladder-SmolLM2-360M-Instruct').getByTestId('rung-disabled-reason').first();
    expect(await f16Reason.isVisible()).toBe(true);
    expect(await f16Reason.textContent()).toMatch(/shader-f16.*Use an f32 rung/);
    expect(await description(page, 'SmolLM2-360M-Instruct q4f16_1')).toMatch(/4-bit weights, f16 compute.*Unavailable: Needs the WebGPU feature shader-f16/);
    expect(await page.getByTestId('no-shader-f16-hint').isVisible()).toBe(true);

    const q4f32 = rung(page, 'SmolLM2-360M-Instruct', 'q4f32_1');
    await q4f32.focus();
    await page.keyboard.press('Space');
    expect(await q4f32.isChecked()).toBe(true);
    expect(await page.getByTestId('mlc-chosen').textContent()).toBe(`Model: ${MODEL}`);
    expect(await page.getByRole('button', { name: 'Load and run' }).isEnabled()).toBe(true);

    // The full list opens on request and can be searched.
    await page.getByRole('button', { name: /Show all models/ }).click();
    await page.getByTestId('ladder-TinyLlama-1.1B-Chat-v1.0-1k').waitFor();
    await page.getByRole('searchbox', { name: 'Filter models' }).fill('q3f16');
    await page.getByTestId('ladder-Llama-3-70B-Instruct').waitFor();
    expect(await page.getByTestId('ladder-SmolLM2-360M-Instruct').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('loading a q4f32 model offline gives the typed network error in place; the app stays usable', async () => {
    const { page, url, context, errors } = browser();
    const blocked: string[] = [];
    await context.route(HUB_HOSTS, (route) => {
      blocked.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await openWebLlmPage(page, url);
    await rung(page, 'SmolLM2-360M-Instruct', 'q4f32_1').check();
    await page.getByRole('button', { name: 'Load and run' }).click();

    const error = page.getByTestId('mlc-error');
    await error.waitFor({ timeout: 90_000 });
    expect(await error.getAttribute('data-code')).toBe('network');
    expect(await error.getByRole('paragraph').textContent()).toBe(OFFLINE_MESSAGE);
    expect(await error.getByRole('strong').textContent()).toBe('Download failed');
    // The request came from web-llm's worker and was refused by the route, not by chance.
    expect(blocked).toContain(`https://huggingface.co/mlc-ai/${MODEL}/resolve/main/mlc-chat-config.json`);
    expect(await page.getByRole('button', { name: 'Load and run' }).isEnabled()).toBe(true);

    // Leave and come back: the device page works, the web-llm page still answers and retries.
    await page.getByRole('link', { name: 'This device' }).click();
    await page.getByTestId('webgpu-status').waitFor();
    await page.getByRole('link', { name: 'web-llm' }).click();
    await page.getByTestId('ladder-SmolLM2-360M-Instruct').waitFor();
    expect(await page.getByTestId('mlc-error').getAttribute('data-code')).toBe('network');
    await rung(page, 'SmolLM2-360M-Instruct', 'q0f32').check();
    expect(await page.getByTestId('mlc-chosen').textContent()).toBe('Model: SmolLM2-360M-Instruct-q0f32-MLC');
    const before = blocked.length;
    await page.getByRole('button', { name: 'Load and run' }).click();
    await expect.poll(() => blocked.length, { timeout: 90_000 }).toBeGreaterThan(before);
    await expect.poll(async () => page.getByTestId('mlc-error').getByRole('paragraph').textContent(), { timeout: 90_000 }).toMatch(/Could not download SmolLM2-360M-Instruct-q0f32-MLC — you seem to be offline/);
    expect(errors.filter((e) => !NETWORK_NOISE.test(e))).toEqual([]);
  });
});

describeE2E('web-llm page without WebGPU', () => {
  const browser = useBrowser({ webgpu: false });

  test('every rung is disabled and says web-llm needs WebGPU', async () => {
    const { page, url } = browser();
    await openWebLlmPage(page, url);
    const radios = page.getByRole('radio');
    expect(await radios.count()).toBeGreaterThan(4);
    expect(await radios.evaluateAll((inputs) => inputs.every((input) => (input as HTMLInputElement).disabled))).toBe(true);
    expect(await page.getByTestId('rung-disabled-reason').first().textContent()).toMatch(/web-llm runs only on WebGPU/);
    expect(await page.getByRole('button', { name: 'Load and run' }).isDisabled()).toBe(true);
  });
});
