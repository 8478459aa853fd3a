// Fuzzing decode + inspect with 2,000 deterministic corruptions (seeded PRNG) of valid models:
// byte and bit flips, insertions, deletions and truncations. Each must either parse and inspect,
// or fail with one of the toolkit's typed errors; none may throw anything else, hang or crash.
// The per-case ceiling below is a hang detector (typical cases take milliseconds), not a benchmark.
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../../../../src/core/onnx/codec.ts';
import { isOnnxInputError } from '../../../../src/core/onnx/errors.ts';
import { externalDataFromFiles, type ExternalDataResolver } from '../../../../src/core/onnx/external-data.ts';
import { writeModelWithExternalData } from '../../../../src/core/onnx/external-data-write.ts';
import { inspectModel } from '../../../../src/core/onnx/inspect.ts';
import { readBytes, realFixture, seededRandom } from './helpers.ts';
import { buildLinearModel } from './models.ts';

const HANG_CEILING_MS = 5_000;

type Mutation = (bytes: Uint8Array, random: () => number) => Uint8Array;

const pick = (random: () => number, below: number): number => Math.floor(random() * below);

const MUTATIONS: Record<string, Mutation> = {
  byteFlip: (bytes, random) => {
    const out = bytes.slice();
    const count = 1 + pick(random, 4);
    for (let i = 0; i < count; i++) out[pick(random, out.length)] = pick(random, 256);
    return out;
  },
  bitFlip: (bytes, random) => {
    const out = bytes.slice();
    const position = pick(random, out.length);
    out[position] = out[position]! ^ (1 << pick(random, 8));
    return out;
  },
  insert: (bytes, random) => {
    const position = pick(random, bytes.length + 1);
    const extra = Uint8Array.from({ length: 1 + pick(random, 8) }, () => pick(random, 256));
    return new Uint8Array([...bytes.subarray(0, position), ...extra, ...bytes.subarray(position)]);
  },
  delete: (bytes, random) => {
    const position = pick(random, bytes.length);
    return new Uint8Array([...bytes.subarray(0, position), ...bytes.subarray(position + 1 + pick(random, 8))]);
  },
  truncate: (bytes, random) => bytes.slice(0, pick(random, bytes.length)),
};

interface FuzzTarget {
  name: string;
  bytes: Uint8Array;
  cases: number;
  externalData?: ExternalDataResolver;
}

function targets(): FuzzTarget[] {
  const linear = buildLinearModel();
  const external = writeModelWithExternalData(linear, { location: 'w.onnx_data', sizeThreshold: 100 });
  return [
    // Mostly structure: the weights live in the data file; mutations hit the external_data entries too.
    { name: 'linear, external data', bytes: external.model, cases: 1200, externalData: externalDataFromFiles(external.files) },
    { name: 'linear, raw + float_data + int64_data + float16', bytes: encodeModel(linear), cases: 600 },
    { name: 'tiny-random-gpt2 past (com.microsoft)', bytes: readBytes(realFixture('genai_tiny-random-gpt2-fp32_past.onnx')), cases: 120 },
    { name: 'gpt2 pytorch 1.4 (2,848 nodes)', bytes: readBytes(realFixture('ort_gpt2_nopast_pytorch1.4_opset11.onnx')), cases: 80 },
  ];
}

describe('fuzzing decodeModel + inspectModel', () => {
  it('2,000 corrupted models: each parses or throws a typed error, none hangs', () => {
    const random = seededRandom(20_241_129);
    const outcomes = new Map<string, number>();
    const untyped: string[] = [];
    let slowest = 0;
    let total = 0;
    for (const target of targets()) {
      for (let i = 0; i < target.cases; i++) {
        const names = Object.keys(MUTATIONS);
        const mutation = names[pick(random, names.length)]!;
        const bytes = MUTATIONS[mutation]!(target.bytes, random);
        const started = performance.now();
        let outcome = 'parsed';
        try {
          inspectModel(decodeModel(bytes, { name: 'fuzz.onnx' }), { externalData: target.externalData });
        } catch (error) {
          outcome = (error as Error).name;
          if (!isOnnxInputError(error)) untyped.push(`${target.name} #${i} (${mutation}): ${String(error)}`);
        }
        slowest = Math.max(slowest, performance.now() - started);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        total++;
      }
    }
    expect(untyped).toEqual([]);
    expect(total).toBe(2000);
    expect(slowest).toBeLessThan(HANG_CEILING_MS);
    // The corpus really exercises both sides: many parse, and several kinds of error occur.
    expect(outcomes.get('parsed')).toBeGreaterThan(200);
    expect(outcomes.get('OnnxTruncatedError')).toBeGreaterThan(50);
    expect([...outcomes.keys()].length).toBeGreaterThanOrEqual(5);
  }, 30_000);
});
