// The calibration/evaluation split as a person meets it, in a real Chromium: the Compress page's
// default flow (demo teacher, a Wanda step, Run) calibrates on the pack's calibration.txt, never on
// heldout.txt. The report names that text, and the saved variant's record in IndexedDB carries its
// SHA-256, checked here against the file hashed by node:crypto. In Compare, scoring that variant on
// its calibration text raises a warning; on the held-out text it does not.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { describeE2E, useBrowser } from './harness.ts';

const PACK = 'public/models/moby-llama-1m';
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describeE2E('calibration split (Compress default flow, Compare warning)', () => {
  const browser = useBrowser({ webgpu: false });

  test('Wanda calibrates on calibration.txt, the variant records it, Compare warns only on that text', async () => {
    const { page, errors } = browser();
    const { url } = browser();
    await page.goto(`${url}#/compress`);
    await page.getByTestId('inspector').waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Remove step 1' }).click();
    await page.getByRole('button', { name: 'Add a prune step' }).click();
    const step = page.getByRole('group', { name: /^Step 1: Prune/ });
    await step.getByLabel('Score').selectOption('wanda');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const status = page.getByTestId('compress-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 120_000 }).toMatch(/done|failed/);
    expect(await status.getAttribute('data-status'), (await status.textContent()) ?? '').toBe('done');

    const calibrationSha = sha256(`${PACK}/calibration.txt`);
    expect(calibrationSha).not.toBe(sha256(`${PACK}/heldout.txt`));
    const source = page.getByTestId('calibration-source');
    expect(await source.getAttribute('data-name')).toBe('moby-llama-1m/calibration.txt');
    expect(await source.getAttribute('data-sha256')).toBe(calibrationSha);
    expect(await source.textContent()).toMatch(/moby-llama-1m\/calibration\.txt \([\d,]+ tokens, SHA-256 [0-9a-f]{12}…\)/);

    await page.getByRole('button', { name: 'Save as variant' }).click();
    const saved = page.getByTestId('saved-variant');
    await saved.waitFor();
    const id = await saved.getAttribute('data-variant-id');
    const stored = await page.evaluate(async (variantId) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('llm-lab');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const record = await new Promise<{ metadata: Record<string, unknown> }>((resolve, reject) => {
        const get = db.transaction('variants').objectStore('variants').get(variantId!);
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => reject(get.error);
      });
      db.close();
      return record.metadata['calibration'];
    }, id);
    expect(stored).toEqual({ name: 'moby-llama-1m/calibration.txt', sha256: calibrationSha, tokens: expect.any(Number) });

    await page.getByRole('button', { name: 'Open in Compare' }).click();
    await page.getByRole('checkbox', { name: /moby-llama-1m · .*wanda.* on wasm/ }).waitFor({ timeout: 30_000 });
    // Held-out text (the default reference): no warning.
    await expect.poll(() => page.getByLabel('Reference text (perplexity and KL divergence)').inputValue()).not.toBe('custom');
    expect(await page.getByTestId('calibration-overlap').count()).toBe(0);
    // The calibration text pasted as reference: the variant is named in a warning.
    await page.getByLabel('Reference text (perplexity and KL divergence)').selectOption('custom');
    await page.getByLabel('Your reference text').fill(readFileSync(`${PACK}/calibration.txt`, 'utf8'));
    const warning = page.getByTestId('calibration-overlap');
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.textContent()).toMatch(/wanda.* was calibrated on moby-llama-1m\/calibration\.txt, the same text this comparison scores/);
    expect(errors).toEqual([]);
  }, 240_000);
});
