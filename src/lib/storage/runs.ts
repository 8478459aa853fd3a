// Run results and settings: small JSON records, one transaction per write.
import type { RunResult } from '../../core/results/run-result.ts';
import type { LabDb } from './db.ts';
import { issueAll, readTransaction, writeTransaction } from './transaction.ts';

/** Stores runs (replacing ones with the same id) all together or not at all. */
export async function putRuns(db: LabDb, runs: readonly RunResult[]): Promise<void> {
  const what = runs.length === 1 ? `the run ${runs[0]!.id}` : `${runs.length} runs`;
  await writeTransaction(db, ['runs'], what, async (tx) => {
    const store = tx.objectStore('runs');
    await issueAll(runs.map((run) => () => store.put(run)));
  });
}

export async function getRun(db: LabDb, id: string): Promise<RunResult | undefined> {
  return readTransaction(db, ['runs'], `the run ${id}`, (tx) => tx.objectStore('runs').get(id));
}

/** All runs, newest first (by the `by-created` index). */
export async function listRuns(db: LabDb): Promise<RunResult[]> {
  const runs = await readTransaction(db, ['runs'], 'the saved runs', (tx) => tx.objectStore('runs').index('by-created').getAll());
  return runs.reverse();
}

/** Runs of one model (`variant.model`), oldest first. */
export async function listRunsForModel(db: LabDb, model: string): Promise<RunResult[]> {
  return readTransaction(db, ['runs'], `the runs of ${model}`, (tx) => tx.objectStore('runs').index('by-model').getAll(model));
}

export async function deleteRun(db: LabDb, id: string): Promise<boolean> {
  return writeTransaction(db, ['runs'], `the run ${id}`, async (tx) => {
    const existed = (await tx.objectStore('runs').getKey(id)) !== undefined;
    await tx.objectStore('runs').delete(id);
    return existed;
  });
}

/** Deletes the given runs, or every run when `ids` is omitted, in one transaction. */
export async function deleteRuns(db: LabDb, ids?: readonly string[]): Promise<number> {
  return writeTransaction(db, ['runs'], ids ? `${ids.length} runs` : 'the run history', async (tx) => {
    const store = tx.objectStore('runs');
    if (!ids) {
      const count = await store.count();
      await store.clear();
      return count;
    }
    await issueAll(ids.map((id) => () => store.delete(id)));
    return ids.length;
  });
}

export async function getSetting<T>(db: LabDb, key: string): Promise<T | undefined> {
  const record = await readTransaction(db, ['settings'], `the setting "${key}"`, (tx) => tx.objectStore('settings').get(key));
  return record?.value as T | undefined;
}

export async function putSetting(db: LabDb, key: string, value: unknown): Promise<void> {
  await writeTransaction(db, ['settings'], `the setting "${key}"`, async (tx) => {
    await tx.objectStore('settings').put({ key, value });
  });
}
