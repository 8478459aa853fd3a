// Stop sequences over a stream of text pieces, for any engine: generation ends once the decoded
// continuation contains a stop string, and the stop string (and anything after it) is not returned.
// While the text's tail could still grow into a stop string it is held back, so nothing streamed
// ever has to be taken back.

export class StopMatcher {
  readonly #stops: readonly string[];
  #text = '';
  #emitted = 0;
  #stopAt: number | null = null;

  constructor(stops: readonly string[]) {
    this.#stops = stops;
  }

  get stopped(): boolean {
    return this.#stopAt !== null;
  }

  /** The text so far, cut before the first stop string. */
  get text(): string {
    return this.#stopAt === null ? this.#text : this.#text.slice(0, this.#stopAt);
  }

  /** Adds a piece; returns the text now safe to show (before any stop, and not a possible stop's start). */
  push(piece: string): string {
    if (this.#stopAt !== null) return '';
    this.#text += piece;
    const at = this.#firstStop();
    if (at !== null) this.#stopAt = at;
    const safe = at ?? this.#text.length - this.#heldBack();
    const out = this.#text.slice(this.#emitted, Math.max(this.#emitted, safe));
    this.#emitted = Math.max(this.#emitted, safe);
    return out;
  }

  /** Whatever is still held back once generation has ended without a stop. */
  flush(): string {
    const end = this.text.length;
    const out = this.#text.slice(this.#emitted, end);
    this.#emitted = end;
    return out;
  }

  #firstStop(): number | null {
    let first: number | null = null;
    // Only the new tail can hold a new match; scanning it all keeps this simple and exact.
    for (const stop of this.#stops) {
      const at = this.#text.indexOf(stop, Math.max(0, this.#emitted - stop.length + 1));
      if (at >= 0 && (first === null || at < first)) first = at;
    }
    return first;
  }

  /** Length of the longest tail of the text that is a proper prefix of some stop string. */
  #heldBack(): number {
    let longest = 0;
    for (const stop of this.#stops) {
      for (let n = Math.min(stop.length - 1, this.#text.length); n > longest; n--) {
        if (this.#text.endsWith(stop.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}
