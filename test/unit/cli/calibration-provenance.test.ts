// Calibration provenance end to end in the CLI: `compress --calib` records the calibration text's
// name and SHA-256 (checked against node:crypto over the file) in the variant's metadata_props and
// report; `eval` refuses to score the variant on that same text unless --allow-overlap, and scores
// it on other text. A recipe that measures no activations records no calibration.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.ts';
import { main } from '../../../src/cli/main.ts';
import { onnx } from '../../../src/core/onnx/proto.ts';

const TEACHER = join(process.cwd(), 'public/models/moby-llama-1m');
const root = mkdtempSync(join(tmpdir(), 'llm-lab-calib-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; json: Record<string, any>; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: root };
  const code = await main(argv, io);
  return { code, json: JSON.parse(out), err };
}

/** metadata_props of an .onnx file, decoded straight from the protobuf schema. */
function metadataOf(path: string): Map<string, string> {
  const model = onnx.ModelProto.decode(readFileSync(path));
  return new Map(model.metadataProps.map((entry) => [entry.key ?? '', entry.value ?? '']));
}

describe('calibration provenance (CLI)', () => {
  // The start of the pack's calibration text: short, so calibrating and scoring take seconds.
  const calibration = join(root, 'calibration-start.txt');
  writeFileSync(calibration, readFileSync(join(TEACHER, 'calibration.txt'), 'utf8').slice(0, 1500));
  const heldout = join(TEACHER, 'heldout.txt');
  const variant = join(root, 'wanda');

  it('compress --calib records which text calibrated Wanda, and eval refuses that text unless --allow-overlap', async () => {
    const out = join(variant, 'onnx/model.onnx');
    const compressed = await run(['compress', join(TEACHER, 'onnx/model.onnx'), '-o', out, '--prune', 'wanda', '--sparsity', '0.5', '--calib', calibration, '--json']);
    expect(compressed.code, compressed.err).toBe(0);
    const sha256 = createHash('sha256').update(readFileSync(calibration)).digest('hex');
    expect(compressed.json.calibration).toEqual({ name: calibration, sha256, tokens: expect.any(Number) });
    expect(compressed.json.calibration.tokens).toBeGreaterThan(300);
    expect(JSON.parse(metadataOf(out).get('llm_lab.calibration')!)).toEqual(compressed.json.calibration);
    for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json']) copyFileSync(join(TEACHER, file), join(variant, file));

    const refused = await run(['eval', variant, '--text', calibration, '--json']);
    expect(refused.code).toBe(1);
    expect(refused.json.error.message).toMatch(/was calibrated on '.*calibration-start\.txt', which is the same text as .*calibration-start\.txt .*--allow-overlap/);

    const allowed = await run(['eval', variant, '--text', calibration, '--context', '128', '--allow-overlap', '--json']);
    expect(allowed.code, allowed.err).toBe(0);
    expect(allowed.json.ppl).toBeGreaterThan(1);
  }, 120_000);

  it('a different text passes the check; a recipe without activations records no calibration', async () => {
    const q4 = join(root, 'q4.onnx');
    const compressed = await run(['compress', join(TEACHER, 'onnx/model.onnx'), '-o', q4, '--quant', 'q4', '--json']);
    expect(compressed.code).toBe(0);
    expect(compressed.json.calibration).toBeUndefined();
    expect(metadataOf(q4).has('llm_lab.calibration')).toBe(false);
    expect(metadataOf(q4).get('llm_lab.recipe_summary')).toMatch(/q4/);
    // The refusal is a hash comparison: the same variant file alone in a folder (no tokenizer) is
    // refused on its calibration text, and gets past the check on other text, to the missing tokenizer.
    mkdirSync(join(root, 'loose'));
    copyFileSync(join(variant, 'onnx/model.onnx'), join(root, 'loose/model.onnx'));
    const same = await run(['eval', 'loose/model.onnx', '--text', calibration, '--json']);
    expect(same.json.error.message).toMatch(/was calibrated on/);
    const other = await run(['eval', 'loose/model.onnx', '--text', heldout, '--json']);
    expect(other.code).toBe(1);
    expect(other.json.error.message).toMatch(/^Found no config\.json/);
  });
});
