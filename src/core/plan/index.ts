// The deployment planner's public surface: memory from a config.json or an ONNX file, the roofline
// speed model, device limits, deployment targets, the server (vLLM) plan and the web-llm cross-check.
export * from './errors.ts';
export * from './architecture.ts';
export * from './tensors.ts';
export * from './formats.ts';
export * from './facts.ts';
export * from './onnx-facts.ts';
export * from './memory.ts';
export * from './speed.ts';
export * from './limits.ts';
export * from './targets.ts';
export * from './target-fit.ts';
export * from './server.ts';
export * from './known-architectures.ts';
export * from './webllm-check.ts';
export * from './report.ts';
export * from './microbench.ts';
export * from './measured-runs.ts';
