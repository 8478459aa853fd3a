// The figures one benchmark environment produces, and the shared pieces both environments use:
// the q4 recipe, the plain-copy ceiling, the stage watcher, megabytes. MB = 10^6 bytes; throughput
// counts the float32 bytes of the weights the recipe quantized (the kernel row: of its one weight).
import type { Recipe } from '../src/core/compress/types.ts';

export const Q4_RECIPE: Recipe = { version: 1, name: 'bench q4 b32', steps: [{ kind: 'quantize', method: 'q4', blockSize: 32 }] };

/**
 * What a row measures:
 *  stage       the quantize step, from its first progress event to its last (every MatMul weight
 *              quantized, the graph rewritten, the per-tensor report computed): the target's figure
 *  end to end  the whole compressModel call or worker request: decode, hash, stage, write, gzip
 *  kernel      the q4 kernel alone on one 100 MB weight, best of three
 */
export type Measure = 'stage' | 'end to end' | 'kernel';

export interface BenchRow {
  environment: string;
  measure: Measure;
  params: number;
  /** The .onnx bytes handed to the compressor (the kernel row: the weight's bytes). */
  inputBytes: number;
  /** float32 bytes of the weights quantized (what throughput counts). */
  weightBytes: number;
  seconds: number;
  mbps: number;
  /** Plain copy of weightBytes in the same run and environment, best of three (warm target). */
  copyMBps: number;
  /** The same copy into freshly allocated memory (first-touch page faults included); null for the kernel row. */
  coldCopyMBps: number | null;
  /** mbps / copyMBps: the target is >= 1/3 for the stage */
  ratio: number;
  /** Peak memory above idle during the call (input, work and output), bytes; null when not measured. */
  peakBytes: number | null;
  /** peakBytes / inputBytes: the target is < 3 */
  peakRatio: number | null;
}

/** Where the end-to-end time went, from progress events (seconds). */
export interface Phases {
  /** validate, hash and decode the input: call -> first progress event */
  load: number;
  stage: number;
  /** provenance, encode, gzip size: last stage event -> result */
  write: number;
}

export interface EnvironmentRun {
  rows: BenchRow[];
  phases: Phases;
  memoryMethod: string;
}

export const MB = 1e6;

/** Progress times of the quantize step (step 0): its first event and the one saying all tensors are done. */
export function stageWatcher(now: () => number): {
  onProgress(progress: { step: number; done: number; total: number; text: string }): void;
  started(): number | null;
  done(): number | null;
  writing(): number | null;
} {
  let started: number | null = null;
  let done: number | null = null;
  let writing: number | null = null;
  return {
    onProgress(progress) {
      const t = now();
      if (started === null && progress.step === 0) started = t;
      if (done === null && progress.step === 0 && progress.total > 0 && progress.done === progress.total && progress.text.endsWith('done')) done = t;
      if (progress.text === 'writing the model') writing = t;
    },
    started: () => started,
    done: () => done,
    writing: () => writing,
  };
}

/**
 * Plain memory-copy throughput (the ceiling): `Float32Array.prototype.set` of `bytes` bytes into a
 * second buffer, best of `runs`, in bytes per second. Also the first run alone, into the freshly
 * allocated buffer: that one pays the page faults of memory touched for the first time, as every
 * output the pipeline writes does. The buffers are freed on return.
 */
export function copyThroughput(bytes: number, now: () => number, runs = 3): { warm: number; cold: number } {
  const source = new Float32Array(Math.floor(bytes / 4));
  for (let i = 0; i < source.length; i += 1024) source[i] = i; // touch every page so the copy reads real memory
  const target = new Float32Array(source.length);
  let best = Infinity;
  let first = 0;
  for (let r = 0; r < runs; r++) {
    const started = now();
    target.set(source);
    const seconds = (now() - started) / 1000;
    if (r === 0) first = seconds;
    best = Math.min(best, seconds);
  }
  return { warm: source.byteLength / best, cold: source.byteLength / first };
}

export function benchRow(input: Omit<BenchRow, 'mbps' | 'ratio' | 'peakRatio' | 'copyMBps' | 'coldCopyMBps'> & { copyBytesPerSecond: number; coldCopyBytesPerSecond?: number }): BenchRow {
  const { copyBytesPerSecond, coldCopyBytesPerSecond, ...rest } = input;
  const mbps = input.weightBytes / input.seconds / MB;
  const copyMBps = copyBytesPerSecond / MB;
  const coldCopyMBps = coldCopyBytesPerSecond === undefined ? null : coldCopyBytesPerSecond / MB;
  return { ...rest, mbps, copyMBps, coldCopyMBps, ratio: mbps / copyMBps, peakRatio: input.peakBytes === null ? null : input.peakBytes / input.inputBytes };
}

/** float32 bytes of the weights a report quantized. */
export function quantizedWeightBytes(report: { tensors: { shape: number[] }[] }): number {
  return report.tensors.reduce((sum, tensor) => sum + tensor.shape.reduce((a, b) => a * b, 1) * 4, 0);
}

/** The one-weight model the warm-up compresses, so timings exclude module loading and JIT/wasm compilation. */
export const WARM_UP_CONFIG = { hidden_size: 64, intermediate_size: 128, num_attention_heads: 4, num_key_value_heads: 4, vocab_size: 256, num_hidden_layers: 1 } as const;
