// Marks which generated tokens differ from the baseline's output: position by position while the
// outputs agree, and everything after the first divergence (the contexts differ from there on, so
// a later coincidental match is not agreement).

export interface MarkedToken {
  text: string;
  differs: boolean;
}

export function markDifferences(tokens: readonly string[], ids: readonly number[] | undefined, baselineIds: readonly number[] | undefined, baselineTokens?: readonly string[]): MarkedToken[] {
  const reference = baselineIds ?? null;
  let diverged = false;
  return tokens.map((text, i) => {
    if (!diverged) {
      const same = reference && ids ? ids[i] === reference[i] : baselineTokens ? baselineTokens[i] === text : true;
      if (!same) diverged = true;
    }
    return { text, differs: diverged };
  });
}
