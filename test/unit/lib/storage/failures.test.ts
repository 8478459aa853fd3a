// Migrations, quota failures and blocked upgrades against fake-indexeddb (fresh factory per test).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { openLabDb, type LabDb } from '../../../../src/lib/storage/db.ts';
import { LabStorage } from '../../../../src/lib/storage/lab-storage.ts';
import { QuotaError, StorageBlockedError } from '../../../../src/lib/storage/errors.ts';
import { CHUNK_BYTES, DB_VERSION } from '../../../../src/lib/storage/schema.ts';
import type { HubFileRecordV1 } from '../../../../src/lib/storage/migrations.ts';
import { fromWire, toWire } from '../../../../src/core/errors.ts';
import { sampleRun } from '../../core/results/sample-run.ts';
import { bytesOf, countRecords, variantInput } from './helpers.ts';

const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach((undo) => undo()));

/** Makes the Nth call (1-based) of IDBObjectStore.prototype.put throw QuotaExceededError, as a full disk does. */
function failPutOnCall(n: number): void {
  const proto = IDBObjectStore.prototype;
  const original = proto.put;
  let calls = 0;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    calls++;
    if (calls === n) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return original.apply(this, args);
  };
  cleanup.push(() => (proto.put = original));
}

describe('migration from version 1', () => {
  it('keeps runs and variants and moves hub file bytes into chunk records', async () => {
    const factory = new IDBFactory();
    const v1: LabDb = await openLabDb({ factory, version: 1 });
    const big = bytesOf(2 * CHUNK_BYTES + 123, 9);
    const hubV1: HubFileRecordV1 = { url: 'https://huggingface.co/o/r/resolve/main/onnx/model.onnx', bytes: big.slice().buffer, size: big.byteLength, etag: 'e1', storedAt: '2025-01-01T00:00:00.000Z' };
    const raw = v1 as unknown as import('idb').IDBPDatabase<unknown>;
    await raw.put('hubFiles', hubV1);
    await raw.put('runs', sampleRun('r1'));
    await raw.put('variants', { ...variantInput('v1'), totalBytes: 3, files: [{ name: 'model.onnx', role: 'model', bytes: 3, chunkCount: 1 }] });
    await raw.put('variantChunks', { variantId: 'v1', file: 'model.onnx', index: 0, bytes: new Uint8Array([1, 2, 3]).buffer });
    expect(raw.objectStoreNames.contains('settings')).toBe(false);
    v1.close();

    const storage = await LabStorage.open({ factory });
    expect(storage.db.version).toBe(DB_VERSION);
    const hub = await storage.getHubFile(hubV1.url);
    expect(hub?.record).toEqual({ url: hubV1.url, size: big.byteLength, etag: 'e1', contentType: null, storedAt: hubV1.storedAt, chunkCount: 3 });
    // Compare 16 MB without handing the arrays to a diffing matcher.
    expect(hub?.bytes.byteLength).toBe(big.byteLength);
    expect(Buffer.compare(hub!.bytes, big)).toBe(0);
    expect(await countRecords(storage, 'hubChunks')).toBe(3);
    expect(await storage.listRuns()).toEqual([sampleRun('r1')]);
    expect((await storage.getVariant('v1'))?.files.get('model.onnx')).toEqual(new Uint8Array([1, 2, 3]));
    await storage.putSetting('k', 1);
    expect(await storage.getSetting('k')).toBe(1);
    storage.close();
  });
});

describe('quota exceeded', () => {
  it('rejects with QuotaError, keeps earlier records and leaves no partial variant', async () => {
    const storage = await LabStorage.open({ factory: new IDBFactory(), chunkBytes: 1000 });
    await storage.putRun(sampleRun('earlier'));
    await storage.putVariant(variantInput('kept'), [{ name: 'model.onnx', role: 'model', bytes: bytesOf(1500, 1) }]);

    failPutOnCall(3); // the third chunk of the new variant
    const error = await storage.putVariant(variantInput('big'), [{ name: 'model.onnx', role: 'model', bytes: bytesOf(3000, 2) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaError);
    expect((error as QuotaError).code).toBe('quota-exceeded');
    expect((error as Error).message).toMatch(/Models & storage.*persistent storage/);
    cleanup.splice(0).forEach((undo) => undo());

    expect(await storage.getVariant('big')).toBeUndefined();
    expect(await countRecords(storage, 'variantChunks')).toBe(2); // only 'kept'
    expect(await storage.getRun('earlier')).toEqual(sampleRun('earlier'));
    expect((await storage.getVariant('kept'))?.files.get('model.onnx')).toEqual(bytesOf(1500, 1));
    storage.close();
  });

  it('leaves the previous copy intact when replacing a variant fails part-way', async () => {
    const storage = await LabStorage.open({ factory: new IDBFactory(), chunkBytes: 1000 });
    await storage.putVariant(variantInput('v'), [{ name: 'model.onnx', role: 'model', bytes: bytesOf(2500, 1) }]);
    failPutOnCall(2);
    await expect(storage.putVariant(variantInput('v'), [{ name: 'model.onnx', role: 'model', bytes: bytesOf(3000, 5) }])).rejects.toThrow(QuotaError);
    cleanup.splice(0).forEach((undo) => undo());
    expect((await storage.getVariant('v'))?.files.get('model.onnx')).toEqual(bytesOf(2500, 1));
    expect(await countRecords(storage, 'variantChunks')).toBe(3);
    storage.close();
  });

  it('crosses a worker boundary as a QuotaError', () => {
    const rebuilt = fromWire(toWire(new QuotaError()));
    expect(rebuilt).toBeInstanceOf(QuotaError);
  });
});

describe('blocked upgrade', () => {
  it('rejects with StorageBlockedError while an old-version tab keeps the database open', async () => {
    const factory = new IDBFactory();
    const oldTab = await openLabDb({ factory, version: 1 });
    unwrap(oldTab).onversionchange = null; // an old tab that does not give way
    const error = await openLabDb({ factory }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageBlockedError);
    expect((error as Error).message).toMatch(/Close the other LLM Lab tabs/);
    oldTab.close();
    const db = await openLabDb({ factory });
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('does not block a newer version itself: its connection closes on versionchange', async () => {
    const factory = new IDBFactory();
    const thisTab = await openLabDb({ factory, version: 1 });
    const newer = await openLabDb({ factory });
    expect(newer.version).toBe(DB_VERSION);
    newer.close();
    thisTab.close();
  });
});
