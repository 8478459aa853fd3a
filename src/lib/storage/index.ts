// The lab's browser storage (IndexedDB via idb): variants, hub file cache, runs, baselines, settings.
export * from './baselines.ts';
export * from './db.ts';
export * from './errors.ts';
export * from './hub-cache.ts';
export * from './hub-response-cache.ts';
export * from './inventory.ts';
export * from './lab-storage.ts';
export * from './runs.ts';
export * from './schema.ts';
export * from './variants.ts';
export { MIGRATIONS, runMigrations, type HubFileRecordV1 } from './migrations.ts';
