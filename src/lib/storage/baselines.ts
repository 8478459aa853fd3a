// Baseline distributions: a baseline run's top-k rows over a reference text and, when kept, the full
// distributions of the same positions (uint16 per token: full-vocabulary KLD), keyed by everything
// that must match for a comparison to be valid (model, tokenizer, text, context, stride, method, k).
import { logProbTableBytes, type LogProbTable } from '../../core/metrics/log-prob-table.ts';
import type { PerplexityMethod } from '../../core/metrics/scoring-plan.ts';
import type { TopKDistribution } from '../../core/metrics/top-k.ts';
import type { LabDb } from './db.ts';
import type { BaselineRecord } from './schema.ts';
import { readTransaction, writeTransaction } from './transaction.ts';

/** FNV-1a over the UTF-16 code units, two 32-bit lanes with different offsets: 16 hex digits. */
export function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

export interface BaselineKeyParts {
  model: string;
  tokenizerKey: string;
  text: string;
  context: number;
  stride: number;
  topK: number;
  /** Absent = strided (the key is then what it was before methods existed). */
  method?: PerplexityMethod;
}

export function baselineKey(parts: BaselineKeyParts): string {
  const method = parts.method && parts.method !== 'strided' ? [`method-${parts.method}`] : [];
  return [parts.model, parts.tokenizerKey, hashText(parts.text), `ctx${parts.context}`, `stride${parts.stride}`, `k${parts.topK}`, ...method].join('|');
}

export interface BaselineInput extends BaselineKeyParts {
  runId: string | null;
  tokenIds: Int32Array;
  distribution: TopKDistribution;
  full?: LogProbTable;
}

/** Standalone copies, so a view into a larger buffer does not store that whole buffer. */
function compactDistribution(d: TopKDistribution): TopKDistribution {
  return {
    k: d.k,
    vocabSize: d.vocabSize,
    rows: d.rows,
    ids: d.ids.slice(),
    logProbs: d.logProbs.slice(),
    restMass: d.restMass.slice(),
    targetIds: d.targetIds.slice(),
    targetLogProbs: d.targetLogProbs.slice(),
  };
}

function distributionBytes(d: TopKDistribution): number {
  return d.ids.byteLength + d.logProbs.byteLength + d.restMass.byteLength + d.targetIds.byteLength + d.targetLogProbs.byteLength;
}

export async function putBaseline(db: LabDb, input: BaselineInput, now: Date = new Date()): Promise<BaselineRecord> {
  const distribution = compactDistribution(input.distribution);
  const tokenIds = input.tokenIds.slice();
  const full = input.full ? { rows: input.full.rows, vocabSize: input.full.vocabSize, values: input.full.values.slice(), min: input.full.min.slice(), scale: input.full.scale.slice() } : undefined;
  const record: BaselineRecord = {
    key: baselineKey(input),
    model: input.model,
    tokenizerKey: input.tokenizerKey,
    textHash: hashText(input.text),
    context: input.context,
    stride: input.stride,
    runId: input.runId,
    createdAt: now.toISOString(),
    tokenIds,
    distribution,
    ...(full ? { full } : {}),
    ...(input.method ? { method: input.method } : {}),
    bytes: distributionBytes(distribution) + tokenIds.byteLength + (full ? logProbTableBytes(full) : 0),
  };
  await writeTransaction(db, ['baselines'], `the baseline for ${input.model}`, async (tx) => {
    await tx.objectStore('baselines').put(record);
  });
  return record;
}

export async function getBaseline(db: LabDb, key: string): Promise<BaselineRecord | undefined> {
  return readTransaction(db, ['baselines'], 'the baseline', (tx) => tx.objectStore('baselines').get(key));
}

export async function listBaselines(db: LabDb): Promise<BaselineRecord[]> {
  return readTransaction(db, ['baselines'], 'the saved baselines', (tx) => tx.objectStore('baselines').getAll());
}

export async function deleteBaseline(db: LabDb, key: string): Promise<boolean> {
  return writeTransaction(db, ['baselines'], 'the baseline', async (tx) => {
    const existed = (await tx.objectStore('baselines').getKey(key)) !== undefined;
    await tx.objectStore('baselines').delete(key);
    return existed;
  });
}
