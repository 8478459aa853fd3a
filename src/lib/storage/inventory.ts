// What the 'Models & storage' view lists and deletes: every stored item with its kind, name and
// size, plus the browser's storage estimate and persistence request (navigator.storage passed in).
import { InvalidArgumentError } from '../../core/errors.ts';
import { deleteBaseline, listBaselines } from './baselines.ts';
import type { LabDb } from './db.ts';
import { deleteHubFile, listHubFiles } from './hub-cache.ts';
import { deleteRun } from './runs.ts';
import { readTransaction } from './transaction.ts';
import { deleteVariant, listVariants } from './variants.ts';

export type CachedKind = 'variant' | 'hub-file' | 'baseline' | 'run';

export interface CachedItem {
  kind: CachedKind;
  id: string;
  name: string;
  bytes: number;
  /** ISO 8601. */
  storedAt: string;
}

function hubFileName(url: string): string {
  const match = url.match(/huggingface\.co\/([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/);
  return match ? `${match[1]} / ${match[2]}` : url;
}

/** Runs are small JSON; their size is their UTF-8 JSON length (close to what the browser stores). */
async function listRunItems(db: LabDb): Promise<CachedItem[]> {
  const runs = await readTransaction(db, ['runs'], 'the saved runs', (tx) => tx.objectStore('runs').getAll());
  const encoder = new TextEncoder();
  return runs.map((run) => ({
    kind: 'run',
    id: run.id,
    name: `${run.variant.model} on ${run.variant.executionProvider ?? run.variant.device}`,
    bytes: encoder.encode(JSON.stringify(run)).byteLength,
    storedAt: run.createdAt,
  }));
}

/** Every stored item, largest first. */
export async function listCached(db: LabDb): Promise<CachedItem[]> {
  const [variants, hubFiles, baselines, runs] = await Promise.all([listVariants(db), listHubFiles(db), listBaselines(db), listRunItems(db)]);
  const items: CachedItem[] = [
    ...variants.map((v): CachedItem => ({ kind: 'variant', id: v.id, name: v.name, bytes: v.totalBytes, storedAt: v.createdAt })),
    ...hubFiles.map((f): CachedItem => ({ kind: 'hub-file', id: f.url, name: hubFileName(f.url), bytes: f.size, storedAt: f.storedAt })),
    ...baselines.map((b): CachedItem => ({
      kind: 'baseline', id: b.key, name: `${b.model}: ${b.tokenIds.length} tokens, context ${b.context}`, bytes: b.bytes, storedAt: b.createdAt,
    })),
    ...runs,
  ];
  return items.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}

/** Deletes one item with everything it owns (chunks). True when it existed. */
export async function deleteCached(db: LabDb, kind: CachedKind, id: string): Promise<boolean> {
  switch (kind) {
    case 'variant':
      return deleteVariant(db, id);
    case 'hub-file':
      return deleteHubFile(db, id);
    case 'baseline':
      return deleteBaseline(db, id);
    case 'run':
      return deleteRun(db, id);
    default: {
      const never: never = kind;
      throw new InvalidArgumentError(`Unknown stored item kind "${String(never)}".`);
    }
  }
}

/** The part of `navigator.storage` used here (absent in insecure contexts). */
export type StorageManagerLike = Pick<StorageManager, 'estimate' | 'persist' | 'persisted'>;

export interface StorageEstimateInfo {
  /** False when the browser exposes no storage manager; the numbers are then null. */
  available: boolean;
  usageBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean | null;
}

export async function estimate(storage: StorageManagerLike | undefined): Promise<StorageEstimateInfo> {
  if (!storage) return { available: false, usageBytes: null, quotaBytes: null, persisted: null };
  const [numbers, persisted] = await Promise.all([storage.estimate(), storage.persisted()]);
  return { available: true, usageBytes: numbers.usage ?? null, quotaBytes: numbers.quota ?? null, persisted };
}

/** Asks the browser not to evict this site's data under pressure. Resolves to whether it is persistent now. */
export async function requestPersistence(storage: StorageManagerLike | undefined): Promise<boolean> {
  if (!storage) return false;
  if (await storage.persisted()) return true;
  return storage.persist();
}
