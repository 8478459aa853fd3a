#!/usr/bin/env node
// `llm-lab` command: runs src/cli/main.ts straight from TypeScript through tsx, so it works right
// after `npm install` with no build step.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// Baseline (Liftoff) wasm code only: V8's optimizing compile of onnxruntime's wasm runs in the
// background and the main thread waits for it at the first macrotask after the first inference
// (measured: ~80-110 s idle on this 2-core machine under load, none with this flag, and steady-state
// runs no slower). Must be set before onnxruntime compiles its module.
setFlagsFromString('--liftoff-only');
register();
const { main, processIo } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), processIo());
