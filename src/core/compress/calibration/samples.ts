// A bounded, uniform sample of activation rows per input (what AWQ's grid search evaluates on):
// reservoir sampling (Vitter's algorithm R) with a seeded generator, so the same calibration text
// gives the same sample on every run and memory stays at `capacity` rows whatever the text length.
import { SeededRandom } from '../../models/seeded-random.ts';

export interface RowSample {
  rows: number;
  features: number;
  /** float32 [rows, features], row-major */
  data: Float32Array;
}

export class RowReservoir {
  readonly features: number;
  readonly capacity: number;
  #data: Float32Array;
  #seen = 0;
  #random: SeededRandom;

  constructor(features: number, capacity: number, seed = 1) {
    this.features = features;
    this.capacity = Math.max(0, Math.floor(capacity));
    this.#data = new Float32Array(this.capacity * features);
    this.#random = new SeededRandom(seed);
  }

  /** Offers every row of X float32 [rows, features]. */
  offer(X: Float32Array, rows: number): void {
    const F = this.features;
    for (let r = 0; r < rows; r++, this.#seen++) {
      let slot = this.#seen;
      if (slot >= this.capacity) {
        slot = this.#random.int(this.#seen + 1);
        if (slot >= this.capacity) continue;
      }
      this.#data.set(X.subarray(r * F, (r + 1) * F), slot * F);
    }
  }

  sample(): RowSample {
    const rows = Math.min(this.#seen, this.capacity);
    return { rows, features: this.features, data: this.#data.slice(0, rows * this.features) };
  }
}
