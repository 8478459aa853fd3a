// Seeded streams for the task pack: every part of the pack (world, each task, each split) draws from
// its own stream, derived from the pack seed and a label, so adding items to one task never shifts
// the numbers of another, and the test stream is one the training data never drew from.
import { SeededRandom } from '../models/seeded-random.ts';

/** FNV-1a over the label, mixed with the seed: a 32-bit seed for one named stream. */
export function streamSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i += 1) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The uniform draws the generators need, over the project's mulberry32. */
export class TaskRandom {
  readonly #random: SeededRandom;

  constructor(seed: number, label: string) {
    this.#random = new SeededRandom(streamSeed(seed, label));
  }

  /** Integer in [low, high], both included. */
  between(low: number, high: number): number {
    return low + this.#random.int(high - low + 1);
  }

  pick<T>(values: readonly T[]): T {
    return values[this.#random.int(values.length)] as T;
  }

  chance(p: number): boolean {
    return this.#random.next() < p;
  }

  /** A new array in random order (Fisher-Yates). */
  shuffle<T>(values: readonly T[]): T[] {
    const out = [...values];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = this.#random.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
