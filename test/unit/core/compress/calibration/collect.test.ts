// Calibration against a second computation: the test adds the MatMul inputs as graph outputs with
// its own code, runs onnxruntime on the same batches, and recomputes mean |x| and ||x||_2 per
// feature in float64; the sampled rows must be real rows; the wire form must survive postMessage.
import { describe, expect, it } from 'vitest';
import {
  calibrationFromWire,
  calibrationInputs,
  calibrationToWire,
  collectCalibration,
} from '../../../../../src/core/compress/calibration/index.ts';
import { InvalidArgumentError } from '../../../../../src/core/errors.ts';
import { decodeModel, encodeModel, GraphIndex, onnx, writeModelWithExternalData } from '../../../../../src/core/onnx/index.ts';
import { createSession, makeTensor, runSession } from '../../../../../src/core/runtime/ort.ts';
import { firstStepFeeds } from '../../../../../src/core/runtime/decoder-feeds.ts';
import { tinyLlama, TINY, tokenSequence } from '../prune/fixtures.ts';
import { buildModel } from '../kernels/model-builder.ts';

const BATCHES = [tokenSequence(16, 64, 1), tokenSequence(16, 64, 9)];
const SHAPE = { numLayers: 2, numKeyValueHeads: 2, headDim: 8 };

/** Runs the model with `names` as extra outputs (added here, independently) and returns every row. */
async function rowsByValue(bytes: Uint8Array, names: string[]): Promise<Map<string, Float32Array[]>> {
  const model = decodeModel(bytes);
  for (const name of names) model.graph!.output!.push(onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: 1 } } }));
  const { session } = await createSession(encodeModel(model), 'wasm');
  const rows = new Map<string, Float32Array[]>(names.map((n) => [n, []]));
  for (const batch of BATCHES) {
    const feeds = Object.fromEntries(Object.entries(firstStepFeeds(SHAPE, batch)).map(([k, t]) => [k, makeTensor(t.dtype, t.data, t.dims)]));
    const out = await runSession(session, feeds, names);
    for (const name of names) {
      const data = out[name]!.data as Float32Array;
      const features = out[name]!.dims.at(-1)!;
      for (let r = 0; r < data.length / features; r++) rows.get(name)!.push(data.slice(r * features, (r + 1) * features));
    }
  }
  await session.release();
  return rows;
}

describe('collectCalibration', () => {
  it('lists one input per distinct MatMul activation: 4 per layer plus the LM head input', () => {
    const index = new GraphIndex(decodeModel(tinyLlama().bytes).graph!);
    expect(calibrationInputs(index).length).toBe(2 * 4 + 1);
  });

  it('matches a float64 recomputation from the exposed outputs, and samples real rows', async () => {
    const model = tinyLlama();
    const names = calibrationInputs(new GraphIndex(decodeModel(model.bytes).graph!));
    const progress: number[] = [];
    const data = await collectCalibration(model.bytes, undefined, BATCHES, { sampleRows: 8, onProgress: (p) => progress.push(p.batch) });
    expect(progress).toEqual([1, 2]);
    expect(data.tokens).toBe(32);
    const rows = await rowsByValue(model.bytes, names);
    for (const name of names) {
      const all = rows.get(name)!;
      const features = all[0]!.length;
      const stats = data.activations.get(name)!;
      expect(stats.tokens).toBe(32);
      const l2 = stats.l2Norm();
      const mean = stats.meanAbs();
      for (let j = 0; j < features; j++) {
        let sumSquares = 0;
        let sumAbs = 0;
        for (const row of all) {
          sumSquares += row[j]! * row[j]!;
          sumAbs += Math.abs(row[j]!);
        }
        expect(Math.abs(l2[j]! - Math.sqrt(sumSquares))).toBeLessThanOrEqual(1e-6 * Math.sqrt(sumSquares) + 1e-9);
        expect(Math.abs(mean[j]! - sumAbs / 32)).toBeLessThanOrEqual(1e-6 * (sumAbs / 32) + 1e-9);
      }
      const sample = data.samples.get(name)!;
      expect(sample.rows).toBe(8);
      for (let r = 0; r < sample.rows; r++) {
        const row = sample.data.subarray(r * features, (r + 1) * features);
        expect(all.some((candidate) => candidate.every((v, j) => v === row[j]))).toBe(true);
      }
    }
  });

  it('crosses a structured clone as its wire form and comes back equal', async () => {
    const model = tinyLlama();
    const data = await collectCalibration(model.bytes, undefined, BATCHES.slice(0, 1), { sampleRows: 4 });
    const back = calibrationFromWire(structuredClone(calibrationToWire(data)));
    expect(back.tokens).toBe(data.tokens);
    for (const [name, stats] of data.activations) {
      expect(back.activations.get(name)!.l2Norm()).toEqual(stats.l2Norm());
      expect(back.activations.get(name)!.meanAbs()).toEqual(stats.meanAbs());
      expect(back.samples.get(name)).toEqual(data.samples.get(name));
    }
  });

  it('reads weights from external data and gives the same statistics as the inline model', async () => {
    const model = tinyLlama();
    const stored = writeModelWithExternalData(decodeModel(model.bytes)); // weights out, shape constants inline
    expect(decodeModel(stored.model).graph!.initializer!.filter((t) => t.dataLocation === 1).length).toBeGreaterThan(10);
    const inline = await collectCalibration(model.bytes, undefined, BATCHES.slice(0, 1), { sampleRows: 0 });
    const external = await collectCalibration(stored.model, stored.files, BATCHES.slice(0, 1), { sampleRows: 0 });
    for (const [name, stats] of inline.activations) expect(external.activations.get(name)!.l2Norm()).toEqual(stats.l2Norm());
    expect(external.samples.size).toBe(0);
  });

  it('refuses empty batches, unknown values and inputs it cannot feed', async () => {
    const model = tinyLlama();
    await expect(collectCalibration(model.bytes, undefined, [[]])).rejects.toThrow(InvalidArgumentError);
    await expect(collectCalibration(model.bytes, undefined, BATCHES, { inputsOf: ['no_such_value'] })).rejects.toThrow(/no value named 'no_such_value'/);
    const odd = buildModel([{ opType: 'MatMul', inputs: ['pixels', 'w'], outputs: ['y'] }], [{ name: 'w', type: 'float32', dims: [4, 4], data: new Float32Array(16) }], [{ name: 'pixels', type: 'float32', dims: [1, 4] }], [{ name: 'y', type: 'float32', dims: [1, 4] }]);
    await expect(collectCalibration(odd, undefined, BATCHES)).rejects.toThrow(/needs 'pixels'/);
    expect(TINY.num_hidden_layers).toBe(SHAPE.numLayers);
  });
});
