// Per-input-channel activation statistics gathered over calibration tokens, in float64 so long
// runs do not lose precision: mean |X_j| feeds AWQ, the L2 norm ||X_j||_2 feeds Wanda.
import { assertMatrix } from './validate.ts';

export class ActivationStats {
  readonly channels: number;
  #sumAbs: Float64Array;
  #sumSquares: Float64Array;
  #tokens = 0;

  constructor(channels: number) {
    this.channels = channels;
    this.#sumAbs = new Float64Array(channels);
    this.#sumSquares = new Float64Array(channels);
  }

  get tokens(): number {
    return this.#tokens;
  }

  /** Adds T calibration rows X float32 [T, channels]. */
  add(X: Float32Array, T: number): void {
    assertMatrix('calibration activations', X, T, this.channels);
    const K = this.channels;
    for (let t = 0, i = 0; t < T; t++) {
      for (let j = 0; j < K; j++, i++) {
        const x = X[i]!;
        this.#sumAbs[j]! += Math.abs(x);
        this.#sumSquares[j]! += x * x;
      }
    }
    this.#tokens += T;
  }

  /** mean |X_j|, float32 [channels] (zeros before any rows were added) */
  meanAbs(): Float32Array {
    const out = new Float32Array(this.channels);
    if (this.#tokens === 0) return out;
    for (let j = 0; j < this.channels; j++) out[j] = this.#sumAbs[j]! / this.#tokens;
    return out;
  }

  /** ||X_j||_2 over all tokens seen, float32 [channels] */
  l2Norm(): Float32Array {
    const out = new Float32Array(this.channels);
    for (let j = 0; j < this.channels; j++) out[j] = Math.sqrt(this.#sumSquares[j]!);
    return out;
  }
}
