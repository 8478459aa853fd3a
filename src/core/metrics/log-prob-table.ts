// A baseline's full next-token distributions, stored compactly as llama.cpp's --kl-divergence-base
// file does: per scored position, every token's log-prob as a uint16 on a per-row linear scale
// (log p = min + scale * v) with the row's min and scale in float32. Two bytes per token instead of
// eight (float64), so a whole reference text fits in IndexedDB and in the CLI's cache. Differences
// from llama.cpp: the range kept below the row's most likely token is 32 nats (llama.cpp: 16; e^-32
// is far below any KL contribution) and rows are renormalized on read, so quantization never leaves
// a distribution that does not sum to 1. Round-trip error per log-prob <= scale / 2 (<= 2.5e-4 nats).
import { InvalidArgumentError } from '../errors.ts';
import { LOG_PROB_FLOOR } from './kl-divergence.ts';
import { logSoftmax, rowMax } from './log-softmax.ts';

/** Nats kept below a row's largest log-prob; smaller log-probs are stored as the row's minimum. */
export const LOG_PROB_RANGE = 32;
const LEVELS = 65535;

export interface LogProbTable {
  rows: number;
  vocabSize: number;
  /** [rows, V] uint16 quantized log-probs. */
  values: Uint16Array;
  /** [rows] float32 log-prob of value 0. */
  min: Float32Array;
  /** [rows] float32 nats per step. */
  scale: Float32Array;
}

export function createLogProbTable(rows: number, vocabSize: number): LogProbTable {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(vocabSize) || vocabSize < 1) {
    throw new InvalidArgumentError(`A log-prob table needs a non-negative row count and a positive vocabulary, got ${rows} x ${vocabSize}.`);
  }
  return { rows, vocabSize, values: new Uint16Array(rows * vocabSize), min: new Float32Array(rows), scale: new Float32Array(rows) };
}

/** Bytes the table occupies (what a stored baseline costs). */
export function logProbTableBytes(table: LogProbTable): number {
  return table.values.byteLength + table.min.byteLength + table.scale.byteLength;
}

/** Quantizes the log-softmax of one logits row ([V] float32) into row r. */
export function writeLogProbRow(table: LogProbTable, r: number, logits: ArrayLike<number>): void {
  if (logits.length !== table.vocabSize) {
    throw new InvalidArgumentError(`Row ${r} has ${logits.length} logits; the table holds a vocabulary of ${table.vocabSize}.`);
  }
  const logProbs = logSoftmax(logits);
  const max = rowMax(logProbs);
  let min = max;
  for (let i = 0; i < logProbs.length; i++) if (logProbs[i]! < min) min = logProbs[i]!;
  min = Math.max(min, max - LOG_PROB_RANGE);
  // Math.fround first, so that reading with the stored float32 values reproduces the same grid.
  const low = Math.fround(min);
  const scale = Math.fround(Math.max((max - low) / LEVELS, 1e-12));
  table.min[r] = low;
  table.scale[r] = scale;
  const offset = r * table.vocabSize;
  for (let i = 0; i < logProbs.length; i++) {
    const level = Math.round((logProbs[i]! - low) / scale);
    table.values[offset + i] = level < 0 ? 0 : level > LEVELS ? LEVELS : level;
  }
}

/** Row r's log-probs ([V] float64), dequantized and renormalized so that they sum to 1. */
export function readLogProbRow(table: LogProbTable, r: number, out: Float64Array = new Float64Array(table.vocabSize)): Float64Array {
  if (!Number.isInteger(r) || r < 0 || r >= table.rows) throw new InvalidArgumentError(`Row ${r} is outside the table's ${table.rows} rows.`);
  const offset = r * table.vocabSize;
  const min = table.min[r]!;
  const scale = table.scale[r]!;
  let max = -Infinity;
  for (let i = 0; i < table.vocabSize; i++) {
    out[i] = min + scale * table.values[offset + i]!;
    if (out[i]! > max) max = out[i]!;
  }
  let sum = 0;
  for (let i = 0; i < table.vocabSize; i++) sum += Math.exp(out[i]! - max);
  const logSum = max + Math.log(sum);
  for (let i = 0; i < table.vocabSize; i++) out[i] = out[i]! - logSum;
  return out;
}

let scratch = new Float64Array(0);

/** Full-vocabulary KL(p || q) of row r of the table (p) against a variant's logits row (q), in nats. */
export function klFromTable(table: LogProbTable, r: number, logits: ArrayLike<number>): number {
  if (logits.length !== table.vocabSize) {
    throw new InvalidArgumentError(`The variant has ${logits.length} logits per position but the baseline vocabulary has ${table.vocabSize}; they use different tokenizers.`);
  }
  if (scratch.length !== table.vocabSize) scratch = new Float64Array(table.vocabSize);
  const p = readLogProbRow(table, r, scratch);
  const q = logSoftmax(logits);
  let kld = 0;
  for (let i = 0; i < p.length; i++) kld += Math.exp(p[i]!) * (p[i]! - Math.max(q[i]!, LOG_PROB_FLOOR));
  // Rounding can leave a KL of -1e-17 for identical rows; KL is never negative.
  return Math.max(0, kld);
}
