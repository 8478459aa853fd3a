// What the ONNX engine can do, in a module of its own so the main thread can read it without
// pulling the engine (and onnxruntime) into the page bundle.
import type { EngineCapabilities } from '../types.ts';

export const ONNX_CAPABILITIES: EngineCapabilities = Object.freeze({
  backend: 'onnx',
  devices: Object.freeze(['webgpu', 'wasm'] as const),
  forcedScoring: true,
  // Every step's full logits are at hand: any number of alternatives (clamped to the vocabulary).
  maxTopLogProbs: Number.MAX_SAFE_INTEGER,
  tokenIds: true,
  seededSampling: true,
  fixedLength: true,
});
