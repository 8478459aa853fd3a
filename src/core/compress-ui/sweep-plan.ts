// Sweeps: one compression method at several strengths (unstructured sparsity, q4/q8 block size,
// share of MLP neurons removed), each point a validated one-step Recipe. The page compresses and
// scores the points in order; the chart puts size on x and KL divergence and perplexity on y.
import { BLOCK_SIZES, MAX_SPARSITY, validateRecipe } from '../compress/recipe.ts';
import type { Recipe, RecipeStep } from '../compress/types.ts';
import { InvalidArgumentError } from '../errors.ts';

export type SweepKind = 'magnitude' | 'wanda' | 'q4-block' | 'q8-block' | 'neurons-l2' | 'neurons-wanda';

export interface SweepKindInfo {
  label: string;
  /** Label of the strengths field. */
  strengthsLabel: string;
  unit: 'percent' | 'block';
  /** What the field starts with. */
  defaults: string;
  /** Calibration text is needed (Wanda scores). */
  calibrates: boolean;
  /** Unstructured zeros only pay after compression: the chart's x axis defaults to the gzip size. */
  gzipAxis: boolean;
  step: (strength: number) => RecipeStep;
}

export const MAX_SWEEP_POINTS = 12;

export const SWEEP_KINDS: Record<SweepKind, SweepKindInfo> = {
  magnitude: {
    label: 'magnitude pruning, unstructured',
    strengthsLabel: 'Sparsity levels (%)',
    unit: 'percent',
    defaults: '0, 30, 60, 90',
    calibrates: false,
    gzipAxis: true,
    step: (sparsity) => ({ kind: 'prune', method: 'magnitude', sparsity, pattern: 'unstructured' }),
  },
  wanda: {
    label: 'Wanda pruning, unstructured',
    strengthsLabel: 'Sparsity levels (%)',
    unit: 'percent',
    defaults: '0, 30, 60, 90',
    calibrates: true,
    gzipAxis: true,
    step: (sparsity) => ({ kind: 'prune', method: 'wanda', sparsity, pattern: 'unstructured' }),
  },
  'q4-block': {
    label: 'q4 (MatMulNBits 4-bit), block size',
    strengthsLabel: 'Block sizes',
    unit: 'block',
    defaults: '16, 32, 64, 128',
    calibrates: false,
    gzipAxis: false,
    step: (blockSize) => ({ kind: 'quantize', method: 'q4', blockSize }),
  },
  'q8-block': {
    label: 'q8 (MatMulNBits 8-bit), block size',
    strengthsLabel: 'Block sizes',
    unit: 'block',
    defaults: '16, 32, 64, 128',
    calibrates: false,
    gzipAxis: false,
    step: (blockSize) => ({ kind: 'quantize', method: 'q8', blockSize }),
  },
  'neurons-l2': {
    label: 'MLP neurons removed, weight-norm score',
    strengthsLabel: 'Neurons removed (%)',
    unit: 'percent',
    defaults: '0, 10, 25, 50',
    calibrates: false,
    gzipAxis: false,
    step: (sparsity) => ({ kind: 'prune-neurons', sparsity, score: 'l2' }),
  },
  'neurons-wanda': {
    label: 'MLP neurons removed, Wanda score',
    strengthsLabel: 'Neurons removed (%)',
    unit: 'percent',
    defaults: '0, 10, 25, 50',
    calibrates: true,
    gzipAxis: false,
    step: (sparsity) => ({ kind: 'prune-neurons', sparsity, score: 'wanda' }),
  },
};

export interface SweepPoint {
  index: number;
  /** A fraction (sparsity) or a block size. */
  strength: number;
  /** How the chart labels the point: '30%', 'b64'. */
  label: string;
  recipe: Recipe;
}

export function strengthLabel(kind: SweepKind, strength: number): string {
  return SWEEP_KINDS[kind].unit === 'block' ? `b${strength}` : `${Math.round(strength * 1000) / 10}%`;
}

/** Parses "0, 30, 60, 90" (percent) or "16, 32" (block sizes): sorted, without repeats. Throws InvalidArgumentError. */
export function parseStrengths(kind: SweepKind, text: string): number[] {
  const info = SWEEP_KINDS[kind];
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) throw new InvalidArgumentError(`${info.strengthsLabel}: give at least one value, e.g. ${info.defaults}.`);
  const values = parts.map((part) => {
    const value = Number(part.replace(/%$/, ''));
    if (info.unit === 'block') {
      if (!BLOCK_SIZES.includes(value)) throw new InvalidArgumentError(`${info.strengthsLabel}: '${part}' is not a block size; use ${BLOCK_SIZES.join(', ')}.`);
      return value;
    }
    const max = MAX_SPARSITY * 100;
    if (!(Number.isFinite(value) && value >= 0 && value <= max)) throw new InvalidArgumentError(`${info.strengthsLabel}: '${part}' is not a percentage from 0 to ${max}.`);
    return Math.round(value * 10) / 1000; // one decimal of a percent, as a fraction
  });
  const unique = [...new Set(values)].sort((a, b) => a - b);
  if (unique.length > MAX_SWEEP_POINTS) throw new InvalidArgumentError(`${info.strengthsLabel}: at most ${MAX_SWEEP_POINTS} points per sweep (each compresses and scores the model once); got ${unique.length}.`);
  return unique;
}

/** The sweep's points in order of strength, each with its validated recipe. */
export function planSweep(kind: SweepKind, text: string): SweepPoint[] {
  return parseStrengths(kind, text).map((strength, index) => {
    const label = strengthLabel(kind, strength);
    return { index, strength, label, recipe: validateRecipe({ version: 1, name: `sweep ${SWEEP_KINDS[kind].label} ${label}`, steps: [SWEEP_KINDS[kind].step(strength)] }) };
  });
}

/** A scored point, as the sweep table and chart show it. */
export interface SweepMeasurement {
  label: string;
  bytes: number;
  gzipBytes: number | null;
  perplexity: number;
  /** Mean KL divergence against the original model; 0 for the original itself. */
  kld: number;
  sameTop1: number;
}

export type SizeAxis = 'bytes' | 'gzip';

/** uPlot's aligned columns: x = size in MB ascending, then KLD and perplexity, and the labels in the same order. */
export function sweepChartColumns(points: readonly SweepMeasurement[], axis: SizeAxis): { x: number[]; kld: number[]; perplexity: number[]; labels: string[] } {
  const sized = points
    .map((point) => ({ point, size: axis === 'gzip' ? point.gzipBytes : point.bytes }))
    .filter((entry): entry is { point: SweepMeasurement; size: number } => entry.size !== null)
    .sort((a, b) => a.size - b.size);
  return {
    x: sized.map((entry) => entry.size / 2 ** 20),
    kld: sized.map((entry) => entry.point.kld),
    perplexity: sized.map((entry) => entry.point.perplexity),
    labels: sized.map((entry) => entry.point.label),
  };
}

/**
 * Splits the reference text for sweeps that calibrate (Wanda): the first half to calibrate on, the
 * second half to score on, cut at the whitespace nearest the middle, so a method is never scored on
 * the very text it measured its activations on (that would flatter it).
 */
export function splitForCalibration(text: string): { calibration: string; scoring: string } {
  const middle = Math.floor(text.length / 2);
  let cut = -1;
  for (let d = 0; d < middle && cut === -1; d++) {
    if (/\s/.test(text[middle + d] ?? '')) cut = middle + d;
    else if (/\s/.test(text[middle - d] ?? '')) cut = middle - d;
  }
  if (cut <= 0) cut = middle;
  return { calibration: text.slice(0, cut).trim(), scoring: text.slice(cut).trim() };
}
