// Stop sequences over streamed pieces: the text ends before the first stop string, nothing that
// could become a stop string is streamed early, and what was streamed joins to the final text.
import { describe, expect, it } from 'vitest';
import { StopMatcher } from '../../../../src/core/engines/stop-sequences.ts';

function run(stops: string[], pieces: string[]): { streamed: string[]; matcher: StopMatcher } {
  const matcher = new StopMatcher(stops);
  const streamed = pieces.map((p) => matcher.push(p));
  if (!matcher.stopped) streamed.push(matcher.flush());
  return { streamed, matcher };
}

describe('StopMatcher', () => {
  it('cuts at a stop string split across pieces and never streams part of it', () => {
    const { streamed, matcher } = run(['\nObservation'], ['Thought: look', ' it up\nObs', 'ervation: 42', ' more']);
    expect(matcher.stopped).toBe(true);
    expect(matcher.text).toBe('Thought: look it up');
    expect(streamed.join('')).toBe('Thought: look it up');
    // "\nObs" was held back while it could still become the stop string.
    expect(streamed[1]).toBe(' it up');
  });

  it('takes the earliest of several stop strings and releases a held tail that did not match', () => {
    const { matcher } = run(['END', 'ST'], ['abc S', 'x EN', 'D', 'ST']);
    expect(matcher.text).toBe('abc Sx ');
    const free = run(['STOP'], ['go S', 'TO', 'AST']);
    expect(free.matcher.stopped).toBe(false);
    expect(free.streamed.join('')).toBe('go STOAST');
  });

  it('passes everything through with no stops', () => {
    const { streamed, matcher } = run([], ['a', 'b']);
    expect(streamed.join('')).toBe('ab');
    expect(matcher.stopped).toBe(false);
  });
});
