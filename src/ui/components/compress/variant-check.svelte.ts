// Runs a freshly compressed model once on each execution provider in the onnx-engine worker (raw
// session, the device self-test's fixed tokens) and shows the top next tokens, so a person sees
// that the variant runs and what it predicts; providers the variant does not support are skipped
// with the reason its report gives.
import type { DeviceSupport } from '../../../core/compare/variant-options.ts';
import type { ExternalDataFile, ExecutionProvider } from '../../../core/runtime/ort.ts';
import { lastRowTop, selfTestFeeds, type TopToken } from '../../../core/runtime/self-test.ts';
import { onnxEngine } from '../../../lib/workers/clients.ts';
import { describeError } from '../../describe-error.ts';
import { device } from '../../stores/device.svelte.ts';
import type { Requirement, Verdict } from '../../../core/device/capabilities.ts';

/** Whether this device can run the variant on a provider: its operators, then the adapter's features. */
function verdictFor(support: DeviceSupport, provider: ExecutionProvider): Verdict {
  const allowed = support[provider];
  if (allowed !== true) return { ok: false, reason: allowed };
  if (provider === 'wasm') return { ok: true };
  const requirements: Requirement[] = [{ kind: 'webgpu' }];
  if (support.needsShaderF16OnWebgpu) requirements.push({ kind: 'shader-f16' });
  return device.check(requirements);
}

export interface ProviderCheck {
  provider: ExecutionProvider;
  status: 'running' | 'done' | 'failed' | 'unsupported';
  /** The provider the session really ran on. */
  ranOn?: ExecutionProvider;
  top?: TopToken[];
  message?: string;
}

export interface CheckInput {
  model: Uint8Array;
  externalData: ExternalDataFile[];
  config: Record<string, unknown>;
  support: DeviceSupport;
}

export class VariantCheck {
  #runs = $state<ProviderCheck[]>([]);
  #busy = $state(false);

  get runs() { return this.#runs; }
  get busy() { return this.#busy; }

  reset(): void {
    this.#runs = [];
  }

  async run(input: CheckInput): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    this.#runs = [];
    try {
      for (const provider of ['webgpu', 'wasm'] as const) {
        const verdict = verdictFor(input.support, provider);
        if (!verdict.ok) {
          this.#runs.push({ provider, status: 'unsupported', message: verdict.reason });
          continue;
        }
        this.#runs.push({ provider, status: 'running' });
        this.#runs[this.#runs.length - 1] = await this.#runOne(provider, input);
      }
    } finally {
      this.#busy = false;
    }
  }

  async #runOne(provider: ExecutionProvider, input: CheckInput): Promise<ProviderCheck> {
    try {
      // The worker takes the bytes by transfer: give it copies and keep the result for saving.
      const externalData = input.externalData.map((file) => ({ path: file.path, data: file.data.slice() }));
      const loaded = await onnxEngine.loadModel({ model: input.model.slice(), provider, externalData });
      try {
        const output = await onnxEngine.run({ sessionId: loaded.sessionId, feeds: selfTestFeeds(input.config), fetches: ['logits'] });
        const logits = output.outputs.logits?.data as Float32Array;
        return { provider, status: 'done', ranOn: output.provider, top: lastRowTop(logits, Number(input.config.vocab_size)) };
      } finally {
        await onnxEngine.release(loaded.sessionId);
      }
    } catch (error) {
      return { provider, status: 'failed', message: describeError(error) };
    }
  }
}
