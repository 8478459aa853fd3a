// The only main-thread module that imports @mlc-ai/web-llm. Everything else reaches it through
// `await import('./web-llm.ts')`, so the library (megabytes) loads only when a web-llm view needs it.
// Weights are cached in IndexedDB ('indexeddb' backend) so they show up next to the lab's own data.
import { CreateWebWorkerMLCEngine, hasModelInCache, prebuiltAppConfig, type AppConfig, type InitProgressReport, type WebWorkerMLCEngine } from '@mlc-ai/web-llm';
import type { MlcModelRecord } from '../../../core/engines/mlc/model-record.ts';

export type { WebWorkerMLCEngine };

/** web-llm's prebuilt list with the IndexedDB cache ('cacheBackend'; the old useIndexedDBCache key is ignored). */
export function labAppConfig(): AppConfig {
  return { ...prebuiltAppConfig, cacheBackend: 'indexeddb' };
}

/** The prebuilt model records, as plain data for the catalogue. */
export function modelRecords(): readonly MlcModelRecord[] {
  return prebuiltAppConfig.model_list;
}

/** Whether all weight shards of a model are in web-llm's cache. Never downloads. */
export function isModelCached(modelId: string): Promise<boolean> {
  return hasModelInCache(modelId, labAppConfig());
}

/**
 * Loads a model in the given worker (which runs `WebWorkerMLCEngineHandler`). Rejects with whatever
 * web-llm rejects with: usually a string from the worker (see core/engines/mlc/errors.ts).
 */
export function createEngine(worker: Worker, modelId: string, onProgress: (report: InitProgressReport) => void): Promise<WebWorkerMLCEngine> {
  return CreateWebWorkerMLCEngine(worker, modelId, { initProgressCallback: onProgress, appConfig: labAppConfig() });
}
