// The web-llm engine's pure half: catalogue and rung verdicts, request mapping, stream collection,
// progress parsing, load reports and error mapping. No web-llm import: records arrive as data.
export * from './cache-manifest.ts';
export * from './catalogue.ts';
export * from './engine-contract.ts';
export * from './errors.ts';
export * from './featured-models.ts';
export * from './generation-request.ts';
export * from './generation-stream.ts';
export * from './load-report.ts';
export * from './model-record.ts';
export * from './progress.ts';
export * from './rung-verdict.ts';
