// GatherBlockQuantized embedding tables, gathered by onnxruntime and compared with dequant(table)
// computed here in float64 from the stored bytes.
// Why this file imports onnxruntime-web/wasm itself: the app's runtime (src/core/runtime/ort.ts)
// loads the webgpu bundle, whose wasm CPU provider has no GatherBlockQuantized kernel ("Could not
// find an implementation"); there the op runs only on the WebGPU provider, which Node lacks. The
// plain wasm build of the same package version carries onnxruntime's CPU kernel, the reference
// implementation of this layout, so it is the independent check available here.
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web/wasm';
import { dequantizeGatherBlockQuantized, quantizeGatherBlockQuantized } from '../../../../../src/core/compress/kernels/gather-block-quantized.ts';
import { buildModel, randomMatrix, relativeError } from './model-builder.ts';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
});

async function gather(model: Uint8Array, ids: number[]): Promise<ArrayLike<number>> {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  try {
    const result = await session.run({ ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [ids.length]) });
    return result['Y']!.data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('GatherBlockQuantized embedding tables', () => {
  const cases = [
    { vocab: 10, hidden: 64, bits: 4, blockSize: 32, symmetric: true },
    { vocab: 9, hidden: 64, bits: 4, blockSize: 16, symmetric: false },
    { vocab: 7, hidden: 100, bits: 4, blockSize: 32, symmetric: false },
    { vocab: 7, hidden: 100, bits: 4, blockSize: 32, symmetric: true },
    { vocab: 5, hidden: 48, bits: 8, blockSize: 32, symmetric: false },
    { vocab: 5, hidden: 48, bits: 8, blockSize: 16, symmetric: true },
  ] as const;
  for (const c of cases) {
    it(`vocab=${c.vocab} hidden=${c.hidden} bits=${c.bits} block=${c.blockSize} ${c.symmetric ? 'symmetric' : 'asymmetric'}: gathered rows equal dequant(table)`, async () => {
      const table = randomMatrix(c.vocab * c.hidden, c.hidden + c.vocab, 0.5);
      const t = quantizeGatherBlockQuantized(table, c.vocab, c.hidden, c);
      const deq = dequantizeGatherBlockQuantized(t);
      for (let v = 0; v < c.vocab; v++) {
        for (let h = 0; h < c.hidden; h++) {
          const s = t.scales[v * t.blocks + Math.floor(h / c.blockSize)]!;
          const i = v * c.hidden + h;
          expect(Math.abs(table[i]! - deq[i]!)).toBeLessThanOrEqual(s / 2 + 1e-7 * Math.abs(table[i]!));
        }
      }
      const inputs = ['data', 'ids', 'scales'];
      const inits = [
        { name: 'data', type: 'uint8' as const, dims: t.dataDims, data: t.data },
        { name: 'scales', type: 'float32' as const, dims: [c.vocab, t.blocks], data: t.scales },
      ];
      if (t.zeroPoints && t.zeroPointDims) {
        inputs.push('zero_points');
        inits.push({ name: 'zero_points', type: 'uint8', dims: t.zeroPointDims, data: t.zeroPoints });
      }
      const model = buildModel(
        [{ opType: 'GatherBlockQuantized', domain: 'com.microsoft', inputs, outputs: ['Y'], attributes: t.attributes }],
        inits,
        [{ name: 'ids', type: 'int64', dims: ['T'] }],
        [{ name: 'Y', type: 'float32', dims: ['T', c.hidden] }],
      );
      const ids = [c.vocab - 1, 0, 3, 3, 1];
      const got = await gather(model, ids);
      const want = new Float64Array(ids.length * c.hidden);
      ids.forEach((id, r) => want.set(deq.subarray(id * c.hidden, (id + 1) * c.hidden), r * c.hidden));
      expect(relativeError(got, want)).toBeLessThan(1e-6);
    });
  }

  it('flags 4-bit asymmetric tables with an odd block count as not WebGPU-safe, and rejects odd hidden at 4 bits', () => {
    const odd = quantizeGatherBlockQuantized(new Float32Array(2 * 96), 2, 96, { bits: 4, blockSize: 32, symmetric: false });
    expect(odd.blocks).toBe(3);
    expect(odd.webgpuSafe).toBe(false);
    expect(quantizeGatherBlockQuantized(new Float32Array(2 * 64), 2, 64, { bits: 4, blockSize: 32, symmetric: false }).webgpuSafe).toBe(true);
    expect(() => quantizeGatherBlockQuantized(new Float32Array(2 * 33), 2, 33, { bits: 4, blockSize: 32, symmetric: true })).toThrow(/even hidden/);
  });
});
