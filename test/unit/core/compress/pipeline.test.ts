// compressModel end to end on tiny LLaMA models built by src/core/models: provenance in
// metadata_props, byte-identical output for the same input and recipe, external data in and out,
// progress and cancellation, tensor selection, q4 then fp16, and the errors a person can act on.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compressModel, readProvenance, RecipeError, TOOL_VERSION } from '../../../../src/core/compress/index.ts';
import type { Recipe } from '../../../../src/core/compress/types.ts';
import { CancelledError } from '../../../../src/core/errors.ts';
import { runLlamaStep } from '../../../../src/core/models/llama-runner.ts';
import { buildLlamaOnnx } from '../../../../src/core/models/llama-onnx.ts';
import { randomLlamaWeights } from '../../../../src/core/models/llama-weights.ts';
import { decodeModel, encodeModel, isExternal, writeModelWithExternalData } from '../../../../src/core/onnx/index.ts';
import { createSession } from '../../../../src/core/runtime/ort.ts';
import { TINY_CONFIG } from '../models/tiny-llama.ts';
import { relativeError } from './linear-models.ts';

const tinyBytes = (seed = 7): Uint8Array => encodeModel(buildLlamaOnnx(TINY_CONFIG, randomLlamaWeights(TINY_CONFIG, seed, { std: 0.2, randomNorms: true })));
const TOKENS = [[5, 17, 42, 8, 63, 30, 11, 4]];

async function logits(bytes: Uint8Array, externalData: { path: string; data: Uint8Array }[] = []): Promise<Float32Array> {
  const { session } = await createSession(bytes, 'wasm', externalData);
  const out = await runLlamaStep(session, TINY_CONFIG, { inputIds: TOKENS });
  await session.release();
  return out.logits;
}

const Q4: Recipe = { version: 1, steps: [{ kind: 'quantize', method: 'q4', blockSize: 16 }] };

describe('compressModel', () => {
  it('stamps recipe, tool version, input SHA-256 and device support into metadata_props', async () => {
    const input = tinyBytes();
    const recipe: Recipe = { version: 1, name: 'demo', steps: [{ kind: 'prune', method: 'magnitude', sparsity: 0.5, pattern: 'unstructured' }, { kind: 'quantize', method: 'q4', blockSize: 16 }] };
    const out = await compressModel({ model: input }, recipe);
    const model = decodeModel(out.model);
    const entries = Object.fromEntries(model.metadataProps.map((entry) => [entry.key, entry.value]));
    expect(JSON.parse(entries['llm_lab.recipe']!)).toEqual(recipe);
    expect(entries['llm_lab.recipe_summary']).toBe('magnitude 50% → q4 b16');
    expect(entries['llm_lab.tool_version']).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(TOOL_VERSION).toBe(entries['llm_lab.tool_version']);
    expect(entries['llm_lab.input_sha256']).toBe(createHash('sha256').update(input).digest('hex'));
    expect(JSON.parse(entries['llm_lab.support']!)).toEqual({ wasm: true, webgpu: true, needsShaderF16OnWebgpu: false });
    expect(readProvenance(model)).toMatchObject({ recipe, inputSha256: out.report.inputSha256 });
    expect(out.report.notes).toContain('Unstructured zeros do not make the file or the browser faster; they only pay after compression (gzip).');
    expect(out.report.sparsity?.achieved).toBeCloseTo(0.5, 1);
    expect(out.report.output.gzipBytes).toBeLessThan(out.report.output.bytes);
    expect(out.report.output.params).toBe(out.report.input.params);
  });

  it('gives byte-identical output for the same input and recipe', async () => {
    const recipe: Recipe = { version: 1, steps: [{ kind: 'prune', method: 'magnitude', sparsity: 0.3, pattern: '2:4' }, { kind: 'quantize', method: 'q4', blockSize: 32, symmetric: false }, { kind: 'quantize', method: 'fp16' }] };
    const first = await compressModel({ model: tinyBytes() }, recipe);
    const second = await compressModel({ model: tinyBytes() }, recipe);
    expect(Buffer.compare(first.model, second.model)).toBe(0);
    const other = await compressModel({ model: tinyBytes(8) }, recipe);
    expect(Buffer.compare(first.model, other.model)).not.toBe(0);
  });

  it('reads external data and writes it back next to the output, computing the same logits', async () => {
    const plain = tinyBytes();
    const written = writeModelWithExternalData(decodeModel(plain), { location: 'tiny.onnx_data', sizeThreshold: 256 });
    const out = await compressModel({ model: written.model, externalData: written.files }, Q4, { externalDataLocation: 'tiny_q4.onnx_data', externalDataThreshold: 256 });
    expect(out.externalData.map((file) => file.path)).toEqual(['tiny_q4.onnx_data']);
    expect(decodeModel(out.model).graph!.initializer!.some(isExternal)).toBe(true);
    const inline = await compressModel({ model: plain }, Q4);
    expect(inline.externalData).toEqual([]);
    expect(await logits(out.model, out.externalData)).toEqual(await logits(inline.model));
    expect(out.report.input.bytes).toBe(written.model.length + written.files[0]!.data.length);
  });

  it('reports progress per tensor and stops between tensors when cancelled', async () => {
    const seen: string[] = [];
    await compressModel({ model: tinyBytes() }, Q4, { onProgress: (progress) => progress.tensor && seen.push(progress.tensor) });
    expect(seen).toContain('model.layers.0.self_attn.q_proj.weight');
    expect(new Set(seen).size).toBe(2 * 7 + 1); // 7 linear weights per layer + lm_head
    const controller = new AbortController();
    const run = compressModel({ model: tinyBytes() }, Q4, { signal: controller.signal, onProgress: (progress) => progress.done === 3 && controller.abort() });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it('honours include/exclude patterns and the minimum size', async () => {
    const recipe: Recipe = { version: 1, steps: [{ kind: 'quantize', method: 'int8', select: { exclude: ['lm_head', 'embed'], minElements: 32 * 33 } }] };
    const out = await compressModel({ model: tinyBytes() }, recipe);
    const names = out.report.tensors.map((tensor) => tensor.name);
    expect(names).not.toContain('lm_head.weight');
    expect(names.every((name) => /mlp|q_proj|o_proj/.test(name))).toBe(true); // k/v are 32 x 16: below the minimum
    const model = decodeModel(out.model);
    expect(model.graph!.initializer!.find((tensor) => tensor.name === 'lm_head.weight')!.dataType).toBe(1);
    expect(relativeError(await logits(out.model), await logits(tinyBytes()))).toBeLessThan(0.05);
  });

  it('q4 then fp16 (q4f16) keeps float32 IO, float16 scales, and close logits', async () => {
    const out = await compressModel({ model: tinyBytes() }, { version: 1, steps: [{ kind: 'quantize', method: 'q4', blockSize: 16 }, { kind: 'quantize', method: 'fp16' }] });
    const model = decodeModel(out.model);
    const nbits = model.graph!.node!.find((node) => node.opType === 'MatMulNBits')!;
    expect(model.graph!.initializer!.find((tensor) => tensor.name === nbits.input![2])!.dataType).toBe(10);
    expect(model.graph!.output!.every((output) => output.type!.tensorType!.elemType === 1)).toBe(true);
    expect(out.report.support.needsShaderF16OnWebgpu).toBe(true);
    const q4 = await compressModel({ model: tinyBytes() }, { version: 1, steps: [{ kind: 'quantize', method: 'q4', blockSize: 16 }] });
    expect(relativeError(await logits(out.model), await logits(q4.model))).toBeLessThan(5e-3);
  });

  it('int8 then fp16 keeps DequantizeLinear in float32 below opset 19 and stays close to int8', async () => {
    const recipe: Recipe = { version: 1, steps: [{ kind: 'quantize', method: 'int8' }, { kind: 'quantize', method: 'fp16' }] };
    const out = await compressModel({ model: tinyBytes() }, recipe);
    const model = decodeModel(out.model);
    const dequantize = model.graph!.node!.find((node) => node.opType === 'DequantizeLinear')!;
    expect(model.graph!.initializer!.find((tensor) => tensor.name === dequantize.input![1])!.dataType).toBe(1); // opset 17: float32 scale
    const int8 = await compressModel({ model: tinyBytes() }, { version: 1, steps: [{ kind: 'quantize', method: 'int8' }] });
    expect(relativeError(await logits(out.model), await logits(int8.model))).toBeLessThan(5e-3);
  });

  it('says what to do when AWQ or Wanda has no calibration', async () => {
    await expect(compressModel({ model: tinyBytes() }, { version: 1, steps: [{ kind: 'quantize', method: 'q4', awq: true }] })).rejects.toThrow(new RecipeError('steps[0]: AWQ needs calibration text: pass --calib <text file> (CLI) or calibration data (API) with a q4 awq step.'));
    await expect(compressModel({ model: tinyBytes() }, { version: 1, steps: [{ kind: 'prune', method: 'wanda', sparsity: 0.5, pattern: 'unstructured' }] })).rejects.toThrow(/^steps\[0\]: Wanda scores need calibration text/);
  });

  it('labels dynamic int8 as wasm only', async () => {
    const out = await compressModel({ model: tinyBytes() }, { version: 1, steps: [{ kind: 'quantize', method: 'q8dyn' }] });
    expect(out.report.support.webgpu).toMatch(/wasm only/);
    expect(out.report.support.wasm).toBe(true);
  });
});
