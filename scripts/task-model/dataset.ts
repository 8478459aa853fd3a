// Turns items, drills and corpus text into the compact binary train.py reads: all segments' token ids
// (uint16) and loss mask (uint8, 1 = scored) concatenated, plus an index of [offset, length, group]
// (int32). An item is encode(prompt) ++ encode(target) ++ [EOS] with the loss on the target and EOS
// only; in ReAct targets the tool output after "Observation:" up to the end of its line is masked
// (the tools write it, not the model). Corpus chunks are scored in full.
import type { BpeTokenizer } from '../../src/core/tokenizer/bpe-tokenizer.ts';

export interface Segment {
  ids: number[];
  mask: number[];
  group: number;
}

export interface TaskItem {
  id: string;
  task: string;
  prompt: string;
  target: string;
  answer?: string;
}

const OBSERVATION = /Observation(?: \d+)?:/g;

/** Byte ranges [start, end) of tool output inside `text`: after each "Observation:" label to the end of its line. */
export function observationRanges(text: string): Array<[number, number]> {
  const encoder = new TextEncoder();
  const ranges: Array<[number, number]> = [];
  for (const match of text.matchAll(OBSERVATION)) {
    const start = match.index + match[0].length;
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    ranges.push([encoder.encode(text.slice(0, start)).length, encoder.encode(text.slice(0, end)).length]);
  }
  return ranges;
}

/** Per-token loss mask for `text`'s tokens: 0 where a token overlaps a tool-output range. */
export function maskTarget(tokenizer: BpeTokenizer, ids: readonly number[], text: string): number[] {
  const ranges = observationRanges(text);
  let at = 0;
  return ids.map((id) => {
    // Byte-level tokens spell one character per byte.
    const start = at;
    at += tokenizer.idToToken(id)!.length;
    return ranges.some(([s, e]) => start < e && at > s) ? 0 : 1;
  });
}

export function itemSegment(tokenizer: BpeTokenizer, item: { prompt: string; target: string }, group: number, eos: number): Segment {
  const prompt = tokenizer.encode(item.prompt);
  const target = tokenizer.encode(item.target);
  return {
    ids: [...prompt, ...target, eos],
    mask: [...prompt.map(() => 0), ...maskTarget(tokenizer, target, item.target), 1],
    group,
  };
}

/** Corpus documents cut at paragraph boundaries into chunks of at most `maxTokens`, EOS after each document. */
export function corpusSegments(tokenizer: BpeTokenizer, documents: readonly string[], maxTokens: number, group: number, eos: number): Segment[] {
  const segments: Segment[] = [];
  for (const document of documents) {
    let current: number[] = [];
    const paragraphs = document.split(/\n{2,}/).filter((p) => p.trim().length > 0);
    paragraphs.forEach((paragraph, i) => {
      const ids = tokenizer.encode(i === paragraphs.length - 1 ? paragraph.trim() : `${paragraph.trim()}\n\n`);
      if (i === paragraphs.length - 1) ids.push(eos);
      if (current.length + ids.length > maxTokens && current.length > 0) {
        segments.push({ ids: current, mask: current.map(() => 1), group });
        current = [];
      }
      current.push(...ids.slice(0, maxTokens));
    });
    if (current.length > 0) segments.push({ ids: current, mask: current.map(() => 1), group });
  }
  return segments;
}

/** Binary files of one split: tokens (uint16 LE), mask (uint8), index (int32 LE triples). */
export function encodeSegments(segments: readonly Segment[]): { tokens: Uint8Array; mask: Uint8Array; index: Uint8Array } {
  const total = segments.reduce((sum, s) => sum + s.ids.length, 0);
  const tokens = new Uint16Array(total);
  const mask = new Uint8Array(total);
  const index = new Int32Array(segments.length * 3);
  let offset = 0;
  segments.forEach((segment, i) => {
    tokens.set(segment.ids, offset);
    mask.set(segment.mask, offset);
    index.set([offset, segment.ids.length, segment.group], i * 3);
    offset += segment.ids.length;
  });
  return { tokens: new Uint8Array(tokens.buffer), mask, index: new Uint8Array(index.buffer) };
}
