// The transfer set cut into fixed training windows (so the teacher's logits of a window can be
// cached) and a seeded order over them: a fresh Fisher-Yates shuffle per epoch. The whole state is
// one cursor, so a checkpoint stores it and a resumed run sees exactly the same batches.
import { SeededRandom } from '../models/seeded-random.ts';
import type { TokenBatch } from '../train/batches.ts';
import { TransferSetError } from './errors.ts';

export interface DataOrderState {
  seed: number;
  /** Windows handed out so far (over all epochs). */
  cursor: number;
}

/** Start offsets of non-overlapping windows of `length` + 1 tokens (inputs and shifted targets). */
export function windowStarts(tokenCount: number, length: number): number[] {
  const starts: number[] = [];
  for (let start = 0; start + length + 1 <= tokenCount; start += length) starts.push(start);
  return starts;
}

export class DataOrder {
  readonly #tokens: Int32Array;
  readonly #starts: number[];
  readonly #seed: number;
  #cursor = 0;
  #epoch = -1;
  #permutation: number[] = [];

  constructor(tokens: Int32Array, readonly length: number, seed: number, state?: DataOrderState) {
    this.#tokens = tokens;
    this.#starts = windowStarts(tokens.length, length);
    if (this.#starts.length === 0) {
      throw new TransferSetError(`The transfer set has ${tokens.length} tokens; one training window of context ${length} needs ${length + 1}. Give more text (or more generated completions), or lower the context.`);
    }
    this.#seed = seed >>> 0;
    if (state) this.#cursor = state.cursor;
  }

  get windows(): number {
    return this.#starts.length;
  }

  state(): DataOrderState {
    return { seed: this.#seed, cursor: this.#cursor };
  }

  #permutationFor(epoch: number): number[] {
    if (epoch !== this.#epoch) {
      const random = new SeededRandom((this.#seed + Math.imul(epoch + 1, 0x9e3779b1)) >>> 0);
      const order = this.#starts.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      this.#epoch = epoch;
      this.#permutation = order;
    }
    return this.#permutation;
  }

  /** The next `batchSize` window indices in seeded order. */
  nextIndices(batchSize: number): number[] {
    const indices: number[] = [];
    for (let row = 0; row < batchSize; row++, this.#cursor++) {
      const epoch = Math.floor(this.#cursor / this.#starts.length);
      indices.push(this.#permutationFor(epoch)[this.#cursor % this.#starts.length]!);
    }
    return indices;
  }

  /** Inputs and targets of windows `indices`, row-major [B, T]. */
  batch(indices: readonly number[]): TokenBatch {
    const { length } = this;
    const inputs = new Int32Array(indices.length * length);
    const targets = new Int32Array(indices.length * length);
    indices.forEach((index, row) => {
      const start = this.#starts[index]!;
      inputs.set(this.#tokens.subarray(start, start + length), row * length);
      targets.set(this.#tokens.subarray(start + 1, start + length + 1), row * length);
    });
    return { batchSize: indices.length, length, inputs, targets };
  }
}
