// Quality and speed metrics, defined as llama.cpp's perplexity tool defines them. Pure functions
// over typed arrays; engines feed them logits rows or top-k rows.
export * from './baseline-comparison.ts';
export * from './generation-comparison.ts';
export * from './kl-divergence.ts';
export * from './latency.ts';
export * from './log-softmax.ts';
export * from './perplexity.ts';
export * from './quality.ts';
export * from './stats.ts';
export * from './top-k.ts';
export * from './windows.ts';
