// CalibrationData as plain, structured-clone-safe data (Maps of class instances lose their private
// sums in postMessage), plus the buffers to transfer: the onnx-engine worker collects it, the main
// thread passes it on to the compress worker, which rebuilds CalibrationStats from the sums.
import type { ActivationStats } from '../kernels/activation-stats.ts';
import type { CalibrationData, CalibrationTextSource } from '../types.ts';
import type { RowSample } from './samples.ts';
import { CalibrationStats, type StatsSums } from './stats.ts';

export interface CalibrationWire {
  tokens: number;
  source?: CalibrationTextSource;
  activations: ({ name: string } & StatsSums)[];
  samples: ({ name: string } & RowSample)[];
}

function sumsOf(stats: ActivationStats): StatsSums {
  if (stats instanceof CalibrationStats) return stats.sums();
  // A plain kernels ActivationStats: rebuild the sums from what it exposes (float32-rounded).
  const mean = stats.meanAbs();
  const norm = stats.l2Norm();
  return {
    channels: stats.channels,
    tokens: stats.tokens,
    sumAbs: Float64Array.from(mean, (m) => m * stats.tokens),
    sumSquares: Float64Array.from(norm, (n) => n * n),
  };
}

export function calibrationToWire(data: CalibrationData): CalibrationWire {
  return {
    tokens: data.tokens,
    ...(data.source ? { source: data.source } : {}),
    activations: [...data.activations].map(([name, stats]) => ({ name, ...sumsOf(stats) })),
    samples: [...data.samples].map(([name, sample]) => ({ name, ...sample })),
  };
}

export function calibrationFromWire(wire: CalibrationWire): CalibrationData {
  return {
    tokens: wire.tokens,
    ...(wire.source ? { source: wire.source } : {}),
    activations: new Map(wire.activations.map(({ name, ...sums }) => [name, CalibrationStats.fromSums(sums)])),
    samples: new Map(wire.samples.map(({ name, ...sample }) => [name, sample])),
  };
}

/** The wire form's buffers, to transfer rather than copy. */
export function calibrationBuffers(wire: CalibrationWire): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const a of wire.activations) for (const array of [a.sumAbs, a.sumSquares]) if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  for (const s of wire.samples) if (s.data.buffer instanceof ArrayBuffer) buffers.add(s.data.buffer);
  return [...buffers];
}
