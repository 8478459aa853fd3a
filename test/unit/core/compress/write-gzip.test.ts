// The output's gzip size: measured whole up to GZIP_WHOLE_LIMIT, estimated from evenly spaced
// samples above it (and then said so in the report's note). The estimate is checked against
// gzipping the whole output, on a file made of the kinds of regions a compressed model holds.
import { describe, expect, it } from 'vitest';
import { gzipBytes } from '../../../../src/core/compress/kernels/metrics.ts';
import { GZIP_WHOLE_LIMIT, outputGzipBytes } from '../../../../src/core/compress/write.ts';
import { randomMatrix, rng } from './kernels/model-builder.ts';

/** ~9 MB: 4-bit codes of Gaussian weights, float32 scales and weights, and a run of zeros (pruned). */
function modelLikeBytes(): Uint8Array {
  const r = rng(4);
  const codes = Uint8Array.from({ length: 4_000_000 }, () => {
    const nibble = () => Math.max(0, Math.min(15, Math.round(8 + 2.5 * (r() + r() + r() - 1.5))));
    return nibble() | (nibble() << 4);
  });
  const floats = new Uint8Array(randomMatrix(900_000, 5, 0.05).buffer);
  const zeros = new Uint8Array(1_500_000);
  const out = new Uint8Array(codes.length + floats.length + zeros.length);
  out.set(codes, 0);
  out.set(zeros, codes.length);
  out.set(floats, codes.length + zeros.length);
  return out;
}

describe('output gzip size', () => {
  it('is exact (whole) for small outputs and estimated within 2% above the limit, with a note', () => {
    const small = new Uint8Array(modelLikeBytes().subarray(0, 1_000_000));
    expect(outputGzipBytes({ model: small, externalData: [] })).toEqual({ bytes: gzipBytes(small), sampled: false, note: null });

    const bytes = modelLikeBytes();
    expect(bytes.length).toBeGreaterThan(GZIP_WHOLE_LIMIT);
    const split = 3_000_001; // as .onnx + external data file
    const estimate = outputGzipBytes({ model: bytes.subarray(0, split), externalData: [{ path: 'model.onnx_data', data: bytes.subarray(split) }] });
    const whole = gzipBytes(bytes.subarray(0, split)) + gzipBytes(bytes.subarray(split));
    expect(estimate.sampled).toBe(true);
    expect(Math.abs(estimate.bytes / whole - 1)).toBeLessThan(0.02);
    expect(estimate.note).toMatch(/gzip size is estimated: 128 evenly spaced 8 KB samples \(\d+\.\d% of the output\)/);
  });
});
