// One parameter count however the weights are stored: `inspect` of every compressed form of the demo
// teacher gives the float32 model's count (read from the protobuf dims here), and neuron pruning
// lowers it by exactly the removed rows and columns; the compression report says the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compressModel } from '../../../../src/core/compress/compress.ts';
import type { Recipe } from '../../../../src/core/compress/types.ts';
import { decodeModel, inspectModel, int64ToNumber } from '../../../../src/core/onnx/index.ts';
import { TEACHER_DIR } from './teacher.ts';

const bytes = new Uint8Array(readFileSync(join(TEACHER_DIR, 'onnx/model.onnx')));
const config = JSON.parse(readFileSync(join(TEACHER_DIR, 'config.json'), 'utf8')) as { num_hidden_layers: number; hidden_size: number; intermediate_size: number };
/** FLOAT and the other float TensorProto types. */
const FLOAT_TYPES = new Set([1, 10, 11, 16]);

function floatElements(model: Uint8Array): number {
  return decodeModel(model)
    .graph!.initializer!.filter((t) => FLOAT_TYPES.has(t.dataType ?? 0))
    .reduce((sum, t) => sum + (t.dims ?? []).map(int64ToNumber).reduce((a, b) => a * b, 1), 0);
}

const recipes: Record<string, Recipe> = {
  fp16: { version: 1, steps: [{ kind: 'quantize', method: 'fp16' }] },
  int8: { version: 1, steps: [{ kind: 'quantize', method: 'int8' }] },
  'q4 b32 with embeddings': { version: 1, steps: [{ kind: 'quantize', method: 'q4', blockSize: 32, embeddings: true }] },
  'q8 b128 asym': { version: 1, steps: [{ kind: 'quantize', method: 'q8', blockSize: 128, symmetric: false }] },
  q8dyn: { version: 1, steps: [{ kind: 'quantize', method: 'q8dyn' }] },
};

describe('parameter count of the demo teacher', () => {
  const before = floatElements(bytes);

  it('the float32 model: float initializer elements, shape constants left out', () => {
    expect(inspectModel(decodeModel(bytes), { stats: false }).params).toBe(before);
  });

  it.each(Object.keys(recipes))('%s: inspect and the report keep the float32 count', async (name) => {
    const result = await compressModel({ model: bytes }, recipes[name]!);
    expect(result.report.input.params).toBe(before);
    expect(result.report.output.params).toBe(before);
    expect(inspectModel(decodeModel(result.model), { stats: false }).params).toBe(before);
  });

  it('neuron pruning then q4: lower by three H x removed matrices per layer', async () => {
    const removed = Math.floor(0.25 * config.intermediate_size);
    const after = before - config.num_hidden_layers * 3 * config.hidden_size * removed;
    const result = await compressModel({ model: bytes }, { version: 1, steps: [{ kind: 'prune-neurons', sparsity: 0.25, score: 'l2' }, { kind: 'quantize', method: 'q4', blockSize: 32 }] });
    expect(result.report.structure).toMatchObject({ paramsBefore: before, paramsAfter: after });
    expect(result.report.output.params).toBe(after);
    expect(inspectModel(decodeModel(result.model), { stats: false }).params).toBe(after);
  });
});
