// What the web-llm engine can and cannot do, and the up-front checks on what it is asked to load,
// kept pure so the rules are tested without a browser.
import { InvalidArgumentError } from '../../errors.ts';
import { EngineError } from '../errors.ts';
import type { EngineCapabilities, VariantSpec } from '../types.ts';
import { MLC_MAX_TOP_LOGPROBS } from './generation-request.ts';

export const MLC_CAPABILITIES: EngineCapabilities = Object.freeze({
  backend: 'mlc',
  // web-llm compiles its kernels for WebGPU only; there is no CPU build.
  devices: Object.freeze(['webgpu'] as const),
  forcedScoring: false,
  maxTopLogProbs: MLC_MAX_TOP_LOGPROBS,
  // Streamed chunks carry text and decoded token strings, never ids.
  tokenIds: false,
  seededSampling: true,
  fixedLength: true,
});

/** The web-llm model id a spec names; throws before any download when web-llm cannot run it. */
export function mlcModelIdOf(spec: VariantSpec): string {
  if (spec.model.source !== 'mlc-prebuilt') {
    throw new InvalidArgumentError(`The web-llm engine runs web-llm prebuilt models only; "${spec.model.source}" variants run on the ONNX engine.`);
  }
  if (spec.device !== 'webgpu') {
    throw new EngineError(`web-llm runs only on WebGPU, not on "${spec.device}": it has no CPU build. Choose the webgpu device, or an ONNX variant to run on wasm.`);
  }
  if (!spec.model.modelId.trim()) throw new InvalidArgumentError('The web-llm model id is empty; pick a model from the list.');
  return spec.model.modelId;
}

export const SCORE_UNSUPPORTED_MESSAGE =
  'web-llm cannot score a reference text: it only reports log-probs of the tokens it samples itself. Compare web-llm variants by greedy agreement with the baseline, or run an ONNX variant for perplexity and KL divergence.';

export function scoreUnsupported(): EngineError {
  return new EngineError(SCORE_UNSUPPORTED_MESSAGE);
}
