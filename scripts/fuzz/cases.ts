// The fuzz corpus as a list of suites, and the seeded random source of one case: a case is fully
// determined by (seed, suite name, index), so any failure is replayed with --suite and --case.
import { SeededRandom } from '../../src/core/models/seeded-random.ts';
import { jsonSuites } from './json-suites.ts';
import { onnxSuites } from './onnx-suites.ts';
import type { FuzzSuite } from './suite.ts';

export function allSuites(scale: number): FuzzSuite[] {
  return [...onnxSuites(scale), ...jsonSuites(scale)];
}

/** FNV-1a of the case's identity, so cases do not share random streams. */
export function caseRandom(seed: number, suite: string, index: number): SeededRandom {
  let hash = 0x811c9dc5 ^ seed;
  for (const char of `${suite}#${index}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return new SeededRandom(hash >>> 0);
}
