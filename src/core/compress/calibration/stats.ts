// Activation statistics that can leave the worker that collected them: the same float64 sums as the
// kernels' ActivationStats (sum |x_j| and sum x_j^2 per feature), readable and rebuildable, because
// structured cloning drops a class's private fields. Anything typed ActivationStats accepts these.
import { ActivationStats } from '../kernels/activation-stats.ts';
import { InvalidArgumentError } from '../../errors.ts';

export interface StatsSums {
  channels: number;
  tokens: number;
  /** sum over tokens of |x_j|, float64 [channels] */
  sumAbs: Float64Array;
  /** sum over tokens of x_j^2, float64 [channels] */
  sumSquares: Float64Array;
}

export class CalibrationStats extends ActivationStats {
  readonly #sumAbs: Float64Array;
  readonly #sumSquares: Float64Array;
  #count = 0;

  constructor(channels: number) {
    super(channels);
    this.#sumAbs = new Float64Array(channels);
    this.#sumSquares = new Float64Array(channels);
  }

  static fromSums(sums: StatsSums): CalibrationStats {
    if (sums.sumAbs.length !== sums.channels || sums.sumSquares.length !== sums.channels) {
      throw new InvalidArgumentError(`Calibration statistics for ${sums.channels} features carry ${sums.sumAbs.length} and ${sums.sumSquares.length} sums; the data is damaged.`);
    }
    const stats = new CalibrationStats(sums.channels);
    stats.#sumAbs.set(sums.sumAbs);
    stats.#sumSquares.set(sums.sumSquares);
    stats.#count = sums.tokens;
    return stats;
  }

  override get tokens(): number {
    return this.#count;
  }

  /** Adds `rows` rows X float32 [rows, channels]. */
  override add(X: Float32Array, rows: number): void {
    const K = this.channels;
    if (X.length !== rows * K) throw new InvalidArgumentError(`Calibration rows: expected ${rows} x ${K} values, got ${X.length}.`);
    const sumAbs = this.#sumAbs;
    const sumSquares = this.#sumSquares;
    for (let t = 0, i = 0; t < rows; t++) {
      for (let j = 0; j < K; j++, i++) {
        const x = X[i]!;
        sumAbs[j]! += Math.abs(x);
        sumSquares[j]! += x * x;
      }
    }
    this.#count += rows;
  }

  override meanAbs(): Float32Array {
    const out = new Float32Array(this.channels);
    if (this.#count === 0) return out;
    for (let j = 0; j < this.channels; j++) out[j] = this.#sumAbs[j]! / this.#count;
    return out;
  }

  override l2Norm(): Float32Array {
    const out = new Float32Array(this.channels);
    for (let j = 0; j < this.channels; j++) out[j] = Math.sqrt(this.#sumSquares[j]!);
    return out;
  }

  /** Copies of the sums, e.g. to post them to another thread. */
  sums(): StatsSums {
    return { channels: this.channels, tokens: this.#count, sumAbs: this.#sumAbs.slice(), sumSquares: this.#sumSquares.slice() };
  }
}
