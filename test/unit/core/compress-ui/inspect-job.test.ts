// The inspector's worker job on real model bytes: a model whose weights live in model.onnx_data asks
// for that file first (nothing is read), then reports with statistics and samples once it has it;
// samples of a compressed model are requested by the original names; unsafe locations are refused.
import { describe, expect, it } from 'vitest';
import { compressModel } from '../../../../src/core/compress/index.ts';
import { floatWeights, inspectTransfers, runInspectJob } from '../../../../src/core/compress-ui/inspect-job.ts';
import { isWeightSample } from '../../../../src/core/compress-ui/weight-samples.ts';
import { decodeModel, encodeModel, writeModelWithExternalData } from '../../../../src/core/onnx/index.ts';
import { matmulModel } from '../compress/linear-models.ts';

describe('runInspectJob', () => {
  const linear = matmulModel(64, 32);
  const written = writeModelWithExternalData(decodeModel(linear.bytes), { sizeThreshold: 16 });

  it('asks for the external data file before reading any tensor, then inspects with it', () => {
    const first = runInspectJob({ model: written.model });
    expect(first).toMatchObject({ kind: 'needs-external-data', locations: ['model.onnx_data'] });
    expect(first.model).toBe(written.model);

    const second = runInspectJob({ model: written.model, externalData: written.files });
    if (second.kind !== 'inspected') throw new Error('expected a report');
    const weight = second.report.initializers.find((t) => t.name === 'W')!;
    expect(weight).toMatchObject({ storage: 'external', shape: [64, 32], params: 2048 });
    let min = Infinity;
    for (const x of linear.weight) min = Math.min(min, x);
    expect(weight.min).toBe(min);
    const [sample] = second.samples;
    expect(isWeightSample(sample) && sample.values.length).toBe(2048);
    expect(inspectTransfers(second)).toContain(written.model.buffer);
  });

  it('samples a compressed model by the names the weights had before', async () => {
    const before = runInspectJob({ model: linear.bytes });
    if (before.kind !== 'inspected') throw new Error('expected a report');
    expect(floatWeights(before.report)).toEqual([{ name: 'W', shape: [64, 32] }]);
    const out = await compressModel({ model: linear.bytes }, { version: 1, steps: [{ kind: 'quantize', method: 'q4' }] });
    const after = runInspectJob({ model: out.model, sample: floatWeights(before.report) });
    if (after.kind !== 'inspected') throw new Error('expected a report');
    expect(after.report.ops).toMatchObject({ 'com.microsoft.MatMulNBits': 1 });
    expect(after.samples[0]).toMatchObject({ name: 'W', format: 'MatMulNBits 4-bit, block 32', count: 2048 });
  });

  it('refuses external data outside the model folder', () => {
    const model = decodeModel(written.model);
    for (const entry of model.graph!.initializer![0]!.externalData!) if (entry.key === 'location') entry.value = '../secret.bin';
    expect(() => runInspectJob({ model: encodeModel(model) })).toThrow(/external data at '..\/secret.bin', which contains a '..' segment/);
  });
});
