// The figures one benchmark environment produces, and the shared pieces both environments use:
// the q4 recipe, the plain-copy ceiling, megabytes. MB = 10^6 bytes; throughput counts the float32
// bytes of the weights the recipe quantized.
import type { Recipe } from '../src/core/compress/types.ts';

export const Q4_RECIPE: Recipe = { version: 1, name: 'bench q4 b32', steps: [{ kind: 'quantize', method: 'q4', blockSize: 32 }] };

export interface BenchFigures {
  environment: string;
  params: number;
  /** The .onnx bytes handed to the compressor. */
  inputBytes: number;
  /** float32 bytes of the weights quantized (what throughput counts). */
  weightBytes: number;
  /** From the call to the end of the quantize step (decode and hashing the input included). */
  quantizeSeconds: number;
  quantizeMBps: number;
  /** The whole call: also writing the output model and measuring its gzip size. */
  endToEndSeconds: number;
  endToEndMBps: number;
  copyMBps: number;
  /** quantize / copy throughput: the target is >= 1/3 */
  ratio: number;
  /** Peak memory above the idle process during compression (input, work and output), bytes; null when unmeasured. */
  peakBytes: number | null;
  /** peakBytes / inputBytes: the target is < 3 */
  peakRatio: number | null;
  memoryMethod: string;
}

export const MB = 1e6;

/** The moment the first step reports all its tensors done (done === total), from progress events. */
export function stepDoneWatcher(now: () => number): { onProgress(progress: { step: number; done: number; total: number }): void; doneAt(): number | null } {
  let doneAt: number | null = null;
  return {
    onProgress(progress) {
      if (doneAt === null && progress.step === 0 && progress.total > 0 && progress.done === progress.total) doneAt = now();
    },
    doneAt: () => doneAt,
  };
}

/**
 * Plain memory-copy throughput (the ceiling): `Float32Array.prototype.set` of `bytes` bytes into a
 * second buffer, best of `runs`, in bytes per second. The buffers are freed on return.
 */
export function copyThroughput(bytes: number, now: () => number, runs = 3): number {
  const source = new Float32Array(Math.floor(bytes / 4));
  for (let i = 0; i < source.length; i += 1024) source[i] = i; // touch every page so the copy reads real memory
  const target = new Float32Array(source.length);
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const started = now();
    target.set(source);
    best = Math.min(best, (now() - started) / 1000);
  }
  return source.byteLength / best;
}

export function figures(input: Omit<BenchFigures, 'quantizeMBps' | 'endToEndMBps' | 'ratio' | 'peakRatio' | 'copyMBps'> & { copyBytesPerSecond: number }): BenchFigures {
  const { copyBytesPerSecond, ...rest } = input;
  const quantizeMBps = input.weightBytes / input.quantizeSeconds / MB;
  const copyMBps = copyBytesPerSecond / MB;
  return {
    ...rest,
    quantizeMBps,
    endToEndMBps: input.weightBytes / input.endToEndSeconds / MB,
    copyMBps,
    ratio: quantizeMBps / copyMBps,
    peakRatio: input.peakBytes === null ? null : input.peakBytes / input.inputBytes,
  };
}
