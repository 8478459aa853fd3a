// One object over the lab's IndexedDB for the UI and worker clients: open once, then call verbs.
// Each method is one transaction; failures are QuotaError / StorageBlockedError / StorageError.
import type { RunResult } from '../../core/results/run-result.ts';
import { getBaseline, listBaselines, putBaseline, type BaselineInput } from './baselines.ts';
import { openLabDb, type LabDb, type OpenLabDbOptions } from './db.ts';
import { getHubFile, getHubFileRecord, listHubFiles, putHubFile, type HubFileInput } from './hub-cache.ts';
import { deleteCached, listCached, type CachedKind } from './inventory.ts';
import { deleteRuns, getRun, getSetting, listRuns, listRunsForModel, putRuns, putSetting } from './runs.ts';
import { CHUNK_BYTES } from './schema.ts';
import { getVariant, getVariantRecord, listVariants, putVariant, type VariantFileInput, type VariantInput } from './variants.ts';

export interface LabStorageOptions extends OpenLabDbOptions {
  /** Bytes per chunk record (tests use small chunks). */
  chunkBytes?: number;
}

export class LabStorage {
  readonly db: LabDb;
  readonly #chunkBytes: number;

  constructor(db: LabDb, chunkBytes = CHUNK_BYTES) {
    this.db = db;
    this.#chunkBytes = chunkBytes;
  }

  static async open(options: LabStorageOptions = {}): Promise<LabStorage> {
    return new LabStorage(await openLabDb(options), options.chunkBytes);
  }

  putVariant(input: VariantInput, files: readonly VariantFileInput[]) {
    return putVariant(this.db, input, files, this.#chunkBytes);
  }
  getVariant(id: string) {
    return getVariant(this.db, id);
  }
  getVariantRecord(id: string) {
    return getVariantRecord(this.db, id);
  }
  listVariants() {
    return listVariants(this.db);
  }

  putHubFile(input: HubFileInput, now?: Date) {
    return putHubFile(this.db, input, now, this.#chunkBytes);
  }
  getHubFile(url: string) {
    return getHubFile(this.db, url);
  }
  getHubFileRecord(url: string) {
    return getHubFileRecord(this.db, url);
  }
  listHubFiles() {
    return listHubFiles(this.db);
  }

  putRun(run: RunResult) {
    return putRuns(this.db, [run]);
  }
  putRuns(runs: readonly RunResult[]) {
    return putRuns(this.db, runs);
  }
  getRun(id: string) {
    return getRun(this.db, id);
  }
  listRuns() {
    return listRuns(this.db);
  }
  /** Deletes the given runs, or the whole history when `ids` is omitted. */
  deleteRuns(ids?: readonly string[]) {
    return deleteRuns(this.db, ids);
  }
  listRunsForModel(model: string) {
    return listRunsForModel(this.db, model);
  }

  putBaseline(input: BaselineInput, now?: Date) {
    return putBaseline(this.db, input, now);
  }
  getBaseline(key: string) {
    return getBaseline(this.db, key);
  }
  listBaselines() {
    return listBaselines(this.db);
  }

  getSetting<T>(key: string) {
    return getSetting<T>(this.db, key);
  }
  putSetting(key: string, value: unknown) {
    return putSetting(this.db, key, value);
  }

  /** Every stored item for 'Models & storage'. */
  listCached() {
    return listCached(this.db);
  }
  /** Deletes one item and everything it owns. */
  delete(kind: CachedKind, id: string) {
    return deleteCached(this.db, kind, id);
  }

  close(): void {
    this.db.close();
  }
}
