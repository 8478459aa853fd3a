// Draws the next token from one step's warped logits ([V] float32) with the lab's own seeded
// generator (mulberry32), so that a seed gives the same text on every platform the ONNX engine runs
// on, independent of the library's global random state. The draw is written back into the row
// (every other logit set to -Infinity), so the library's argmax then picks exactly the drawn token.
import { SeededRandom } from '../../models/seeded-random.ts';
import { InvalidArgumentError } from '../../errors.ts';

export class TokenSampler {
  readonly #random: SeededRandom;

  constructor(seed: number) {
    this.#random = new SeededRandom(seed);
  }

  /** Index drawn from softmax(logits); -Infinity entries are never drawn. */
  draw(logits: ArrayLike<number>): number {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
    if (!Number.isFinite(max)) throw new InvalidArgumentError('Every token was filtered out or the logits are not finite; nothing can be sampled.');
    let total = 0;
    for (let i = 0; i < logits.length; i++) total += Math.exp(logits[i]! - max);
    let target = this.#random.next() * total;
    let last = -1;
    for (let i = 0; i < logits.length; i++) {
      const weight = Math.exp(logits[i]! - max);
      if (weight === 0) continue;
      last = i;
      target -= weight;
      if (target < 0) return i;
    }
    return last; // rounding left a sliver of the total: the last token with mass
  }

  /** Draws and masks the row so that its argmax is the drawn token. */
  drawInto = (logits: Float32Array): void => {
    const chosen = this.draw(logits);
    const value = logits[chosen]!;
    logits.fill(Number.NEGATIVE_INFINITY);
    logits[chosen] = value;
  };
}
