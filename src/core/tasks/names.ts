// Names of the fictional world, spelled from a small set of syllables so that a tokenizer trained on
// the world's text learns them as a few pieces and a small model can copy them. A NameMaker never
// hands out the same name twice, nor a name the prompt templates use as their fixed example.
import type { TaskRandom } from './random.ts';

const ONSETS = ['k', 't', 'v', 'm', 'r', 's', 'l', 'n', 'd', 'b', 'p', 'z'] as const;
const VOWELS = ['a', 'e', 'i', 'o', 'u'] as const;
const CODAS = ['', '', '', 'n', 'r', 's', 'l'] as const;

/** Names the templates' examples use: never given to an entity, so an example is never a world fact. */
export const RESERVED_NAMES: readonly string[] = ['Kesmar', 'Tavoreli', 'Vemora', 'Lisan', 'Dara', 'Venkol', 'Omasu', 'Ana'];

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export class NameMaker {
  readonly #random: TaskRandom;
  readonly #used = new Set<string>(RESERVED_NAMES);

  constructor(random: TaskRandom) {
    this.#random = random;
  }

  #word(syllables: number): string {
    let word = '';
    for (let i = 0; i < syllables; i += 1) word += this.#random.pick(ONSETS) + this.#random.pick(VOWELS);
    return capitalise(word + this.#random.pick(CODAS));
  }

  #fresh(make: () => string): string {
    for (;;) {
      const name = make();
      if (!this.#used.has(name)) {
        this.#used.add(name);
        return name;
      }
    }
  }

  /** A place, company or river: two or three syllables. */
  place(): string {
    return this.#fresh(() => this.#word(this.#random.between(2, 3)));
  }

  /** A person: a given name and a family name. */
  person(): string {
    return this.#fresh(() => `${this.#word(2)} ${this.#word(this.#random.between(2, 3))}`);
  }

  /** A given name alone (the people of word problems). */
  given(): string {
    return this.#fresh(() => this.#word(2));
  }
}
