// Seeded sampling of next-token training windows from a token stream: each row is a random window
// of length+1 tokens, split into inputs [0, length) and targets [1, length]. Same seed, same batches.
import { InvalidArgumentError } from '../errors.ts';
import { SeededRandom } from '../models/seeded-random.ts';

export interface TokenBatch {
  batchSize: number;
  length: number;
  /** [batchSize * length] int32, row-major [B, T]. */
  inputs: Int32Array;
  /** [batchSize * length] int32: inputs shifted left by one. */
  targets: Int32Array;
}

export class BatchSampler {
  readonly #tokens: Int32Array;
  readonly #random: SeededRandom;

  constructor(
    tokens: Int32Array,
    readonly batchSize: number,
    readonly length: number,
    seed: number,
  ) {
    if (tokens.length < length + 1) {
      throw new InvalidArgumentError(`The training text has ${tokens.length} tokens; a window of ${length} needs at least ${length + 1}.`);
    }
    this.#tokens = tokens;
    this.#random = new SeededRandom(seed);
  }

  next(): TokenBatch {
    const { batchSize, length } = this;
    const inputs = new Int32Array(batchSize * length);
    const targets = new Int32Array(batchSize * length);
    const starts = this.#tokens.length - length; // window start in [0, N - T - 1]
    for (let row = 0; row < batchSize; row++) {
      const start = this.#random.int(starts);
      inputs.set(this.#tokens.subarray(start, start + length), row * length);
      targets.set(this.#tokens.subarray(start + 1, start + length + 1), row * length);
    }
    return { batchSize, length, inputs, targets };
  }
}
