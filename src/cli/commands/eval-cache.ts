// The CLI's cache of scored baselines (`llm-lab eval --baseline`): the baseline's top-k rows and its
// full distributions (the compact uint16 table), keyed by a SHA-256 of everything that must match —
// the weights (and external data beside them), config and tokenizer, the text, context, stride,
// perplexity method and k — so a second eval against the same teacher skips its forward passes.
// Directory: $LLM_LAB_CACHE_DIR, else $XDG_CACHE_HOME/llm-lab, else ~/.cache/llm-lab; entries under
// baselines/. A damaged or foreign entry is ignored (and rewritten), never trusted.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { LoadReport, ScoreResult } from '../../core/engines/types.ts';
import type { LogProbTable } from '../../core/metrics/log-prob-table.ts';
import type { PerplexityMethod } from '../../core/metrics/scoring-plan.ts';
import type { TopKDistribution } from '../../core/metrics/top-k.ts';

const FORMAT = 'llm-lab-baseline-1';

export interface CachedBaseline {
  load: LoadReport;
  score: ScoreResult;
}

export interface BaselineCacheKey {
  folder: string;
  /** Weights path relative to the folder. */
  file: string;
  text: string;
  context: number;
  stride: number | undefined;
  method: PerplexityMethod;
  topK: number;
}

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LLM_LAB_CACHE_DIR) return env.LLM_LAB_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'llm-lab');
}

export async function baselineCacheKey(key: BaselineCacheKey): Promise<string> {
  const hash = createHash('sha256');
  const weights = join(key.folder, key.file);
  // The weights' external data lives beside them under a name that starts with theirs (model.onnx_data).
  const beside = (await readdir(dirname(weights))).filter((name) => name !== basename(weights) && name.startsWith(basename(weights))).sort();
  for (const path of [weights, ...beside.map((name) => join(dirname(weights), name)), join(key.folder, 'config.json'), join(key.folder, 'tokenizer.json')]) {
    hash.update(path.slice(key.folder.length)).update(await readFile(path));
  }
  hash.update(JSON.stringify({ text: key.text, context: key.context, stride: key.stride ?? null, method: key.method, topK: key.topK, format: FORMAT }));
  return hash.digest('hex');
}

type Typed = Int32Array | Float32Array | Float64Array | Uint16Array;
const CONSTRUCTORS = { Int32Array, Float32Array, Float64Array, Uint16Array } as const;

function arraysOf(score: ScoreResult): Record<string, Typed> {
  const d = score.distribution;
  const arrays: Record<string, Typed> = {
    tokenIds: score.tokenIds, positions: score.positions, ids: d.ids, logProbs: d.logProbs, restMass: d.restMass, targetIds: d.targetIds, targetLogProbs: d.targetLogProbs,
  };
  if (score.full) Object.assign(arrays, { fullValues: score.full.values, fullMin: score.full.min, fullScale: score.full.scale });
  return arrays;
}

function encode(entry: CachedBaseline): Uint8Array {
  const { score, load } = entry;
  const arrays = arraysOf(score);
  const layout = Object.entries(arrays).map(([name, a]) => ({ name, type: a.constructor.name, length: a.length }));
  const header = new TextEncoder().encode(JSON.stringify({
    format: FORMAT, load, layout,
    meta: { tokenizerKey: score.tokenizerKey, context: score.context, stride: score.stride, method: score.method, totalMs: score.totalMs, k: score.distribution.k, vocabSize: score.distribution.vocabSize, rows: score.distribution.rows },
  }));
  // Header length, header padded to 8 bytes, then each array's bytes padded to 8 (aligned views on read).
  const pad = (n: number) => Math.ceil(n / 8) * 8;
  const total = 8 + pad(header.length) + Object.values(arrays).reduce((n, a) => n + pad(a.byteLength), 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 8);
  let offset = 8 + pad(header.length);
  for (const a of Object.values(arrays)) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += pad(a.byteLength);
  }
  return out;
}

function decode(bytes: Uint8Array): CachedBaseline | null {
  const buffer = bytes.slice().buffer; // own, aligned copy
  const headerLength = new DataView(buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength))) as {
    format: string; load: LoadReport; layout: { name: string; type: keyof typeof CONSTRUCTORS; length: number }[];
    meta: { tokenizerKey: string; context: number; stride: number; method: PerplexityMethod; totalMs: number; k: number; vocabSize: number; rows: number };
  };
  if (header.format !== FORMAT) return null;
  const pad = (n: number) => Math.ceil(n / 8) * 8;
  let offset = 8 + pad(headerLength);
  const a: Record<string, Typed> = {};
  for (const { name, type, length } of header.layout) {
    const Ctor = CONSTRUCTORS[type];
    a[name] = new Ctor(buffer, offset, length);
    offset += pad(length * Ctor.BYTES_PER_ELEMENT);
  }
  const { meta } = header;
  const distribution: TopKDistribution = {
    k: meta.k, vocabSize: meta.vocabSize, rows: meta.rows, ids: a.ids as Int32Array, logProbs: a.logProbs as Float32Array,
    restMass: a.restMass as Float64Array, targetIds: a.targetIds as Int32Array, targetLogProbs: a.targetLogProbs as Float32Array,
  };
  const full: LogProbTable | undefined = a.fullValues
    ? { rows: meta.rows, vocabSize: meta.vocabSize, values: a.fullValues as Uint16Array, min: a.fullMin as Float32Array, scale: a.fullScale as Float32Array }
    : undefined;
  const score: ScoreResult = {
    tokenIds: a.tokenIds as Int32Array, tokenizerKey: meta.tokenizerKey, context: meta.context, stride: meta.stride, method: meta.method,
    positions: a.positions as Int32Array, distribution, ...(full ? { full } : {}), totalMs: meta.totalMs,
  };
  return { load: header.load, score };
}

export async function readCachedBaseline(directory: string, key: string): Promise<CachedBaseline | null> {
  try {
    return decode(await readFile(join(directory, 'baselines', `${key}.bin`)));
  } catch {
    return null; // missing or damaged: score again
  }
}

export async function writeCachedBaseline(directory: string, key: string, entry: CachedBaseline): Promise<void> {
  const folder = join(directory, 'baselines');
  await mkdir(folder, { recursive: true });
  const temporary = join(folder, `${key}.${process.pid}.tmp`);
  await writeFile(temporary, encode(entry));
  await rename(temporary, join(folder, `${key}.bin`)); // atomic: a reader never sees half a file
}
