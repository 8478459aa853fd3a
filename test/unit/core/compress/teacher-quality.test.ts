// Quality of each quantizer on the demo teacher (public/models/moby-llama-1m, trained on Moby Dick)
// against its float32 self on held-out text: mean KL divergence and same top-1 over sliding windows,
// computed with src/core/metrics. Also: the fp16 float32 islands measured against an all-float16
// conversion, and AWQ against plain round-to-nearest q4 with calibration activations collected by
// src/core/compress/calibration from training text. The table is printed for the report.
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrationBatches, collectCalibration, loadTokenizer } from '../../../../src/core/compress/calibration/index.ts';
import { compressModel, CompressContext, convertToFloat16 } from '../../../../src/core/compress/index.ts';
import type { QuantizeStep } from '../../../../src/core/compress/types.ts';
import { decodeModel, encodeModel } from '../../../../src/core/onnx/index.ts';
import type { ScoreWindow } from '../../../../src/core/metrics/index.ts';
import { compareLogits, loadTeacher, teacherAvailable, teacherWindows, windowLogits, type QualityFigures, type Teacher } from './teacher.ts';

let teacher: Teacher;
let windows: ScoreWindow[];
let baseline: Float32Array[];
const table: string[] = [];

async function measure(label: string, bytes: Uint8Array, subset = windows): Promise<QualityFigures> {
  const figures = compareLogits(baseline.slice(0, subset.length), await windowLogits(bytes, teacher, subset), subset, teacher.config.vocab_size);
  table.push(`${label.padEnd(28)} ${figures.meanKld.toExponential(2).padStart(9)}  ${(figures.sameTop1 * 100).toFixed(1).padStart(5)}%  ${String(figures.positions).padStart(5)}  ${(bytes.length / 1024).toFixed(0).padStart(6)} KB`);
  return figures;
}

async function quantized(step: Omit<QuantizeStep, 'kind'>, calibration = null as Awaited<ReturnType<typeof collectCalibration>> | null) {
  return compressModel({ model: teacher.bytes }, { version: 1, steps: [{ kind: 'quantize', ...step }] }, { calibration });
}

describe.runIf(teacherAvailable())('quality on the demo teacher (held-out text)', () => {
  const figures = new Map<string, QualityFigures>();

  beforeAll(async () => {
    teacher = await loadTeacher(512);
    windows = teacherWindows(teacher);
    baseline = await windowLogits(teacher.bytes, teacher, windows);
    table.push(`${'variant'.padEnd(28)} ${'mean KLD'.padStart(9)}  top-1   pos.     size   (${teacher.tokens.length} held-out tokens, context 128, stride 64)`);
  }, 120_000);

  it('int8, q8, q8dyn and q4 at block 32/128: 8-bit closest, larger q4 blocks further', async () => {
    const steps: [string, Omit<QuantizeStep, 'kind'>][] = [
      ['int8 (per channel)', { method: 'int8' }],
      ['q8 b32', { method: 'q8', blockSize: 32 }],
      ['q8dyn', { method: 'q8dyn' }],
      ['q4 b32', { method: 'q4', blockSize: 32 }],
      ['q4 b128', { method: 'q4', blockSize: 128 }],
    ];
    for (const [label, step] of steps) figures.set(label, await measure(label, (await quantized(step)).model));
    const kld = (label: string): number => figures.get(label)!.meanKld;
    for (const label of ['int8 (per channel)', 'q8 b32']) {
      expect(kld(label)).toBeLessThan(1e-4);
      expect(figures.get(label)!.sameTop1).toBeGreaterThan(0.97);
      expect(kld(label)).toBeLessThan(kld('q4 b32') / 10);
    }
    expect(kld('q4 b32')).toBeLessThan(kld('q4 b128'));
    expect(kld('q8dyn')).toBeLessThan(kld('q4 b32'));
    expect(kld('q4 b128')).toBeLessThan(0.05);
  }, 180_000);

  it('fp16 stays within float16 rounding of float32, and its float32 islands measurably help', async () => {
    // float16 kernels on the wasm backend are slow reference code: two windows (255 positions) suffice.
    const subset = windows.slice(0, 2);
    const converted = async (islands: boolean): Promise<Uint8Array> => {
      const model = decodeModel(teacher.bytes);
      await convertToFloat16(new CompressContext(model), { kind: 'quantize', method: 'fp16' }, 0, { islands });
      return encodeModel(model);
    };
    const withIslands = await measure('fp16 (float32 islands)', (await quantized({ method: 'fp16' })).model, subset);
    const allHalf = await measure('fp16 (no islands)', await converted(false), subset);
    expect(withIslands.meanKld).toBeLessThan(1e-5);
    expect(withIslands.sameTop1).toBeGreaterThanOrEqual(0.99);
    expect(withIslands.meanKld).toBeLessThan(allHalf.meanKld);
  }, 180_000);

  it('AWQ lowers every layer\'s calibration output error; end to end it is measured against RTN', async () => {
    const batches = calibrationBatches(loadTokenizer(teacher.tokenizerJson), teacher.calibrationText, { sequenceLength: 128, maxBatches: 8 });
    const calibration = await collectCalibration(teacher.bytes, [], batches, { sampleRows: 32 });
    for (const blockSize of [32, 128]) {
      const out = await quantized({ method: 'q4', blockSize, awq: true }, calibration);
      const awq = await measure(`q4 b${blockSize} + AWQ`, out.model);
      const layers = out.report.tensors.map((tensor) => tensor.awq!);
      for (const layer of layers) expect(layer.errorBest).toBeLessThanOrEqual(layer.errorRtn);
      const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
      const reduction = 1 - mean(layers.map((l) => l.errorBest)) / mean(layers.map((l) => l.errorRtn));
      table.push(`  AWQ b${blockSize}: relative layer output error ${mean(layers.map((l) => l.errorRtn)).toExponential(2)} (RTN) -> ${mean(layers.map((l) => l.errorBest)).toExponential(2)} (AWQ), ${(reduction * 100).toFixed(1)}% lower`);
      expect(reduction).toBeGreaterThan(0);
      // End to end on held-out text AWQ is not guaranteed to win on a 1M-parameter model; it must not break it.
      expect(awq.meanKld).toBeLessThan(2 * figures.get(`q4 b${blockSize}`)!.meanKld);
    }
    console.log(`Demo teacher quality (${teacher.source})\n${table.join('\n')}`);
  }, 300_000);
});
