// Run results: the record of one variant's run, its JSON / CSV export, import and merge.
export * from './baseline.ts';
export * from './build.ts';
export * from './csv.ts';
export * from './csv-columns.ts';
export * from './device.ts';
export * from './errors.ts';
export * from './json.ts';
export * from './merge.ts';
export * from './run-result.ts';
