// Device self-test: runs the demo teacher's forward pass in the onnx-engine worker on each
// execution provider and compares the logits. The UI shows which provider really ran.
import type { ExecutionProvider } from '../../core/runtime/ort.ts';
import { compareLogits, lastRowTop, selfTestFeeds, type Agreement, type TopToken } from '../../core/runtime/self-test.ts';
import { isCancelled } from '../../core/errors.ts';
import { demoTeacher, fetchDemoFile, fetchDemoIndex, type DemoPackEntry } from '../../lib/demo-pack.ts';
import { onnxEngine } from '../../lib/workers/clients.ts';
import { describeError } from '../describe-error.ts';

export interface ProviderRun {
  provider: ExecutionProvider;
  status: 'running' | 'done' | 'failed';
  loadMs?: number;
  runMs?: number;
  top?: TopToken[];
  logits?: Float32Array;
  error?: string;
}

export class SelfTestStore {
  #runs = $state<Partial<Record<ExecutionProvider, ProviderRun>>>({});
  #busy = $state(false);
  #model = $state<DemoPackEntry | null>(null);
  #controller: AbortController | null = null;

  get runs() {
    return this.#runs;
  }

  get busy() {
    return this.#busy;
  }

  get model() {
    return this.#model;
  }

  #vocab = $state(0);

  readonly agreement: Agreement | null = $derived.by(() => {
    const a = this.#runs.webgpu?.logits;
    const b = this.#runs.wasm?.logits;
    return a && b && this.#vocab ? compareLogits(a, b, this.#vocab) : null;
  });

  async run(providers: ExecutionProvider[]): Promise<void> {
    this.#controller = new AbortController();
    const signal = this.#controller.signal;
    this.#busy = true;
    try {
      const models = await fetchDemoIndex(signal);
      const entry = demoTeacher(models);
      if (!entry) throw new Error('The demo pack lists no models. Rebuild it with npm run demo-pack.');
      this.#model = entry;
      const config = (await (await fetchDemoFile(entry, 'config.json', signal)).json()) as Record<string, unknown>;
      this.#vocab = Number(config.vocab_size);
      const bytes = new Uint8Array(await (await fetchDemoFile(entry, 'onnx/model.onnx', signal)).arrayBuffer());
      for (const provider of providers) {
        await this.#runOne(provider, bytes.slice(), config, signal);
      }
    } catch (error) {
      const message = describeError(error);
      for (const provider of providers) {
        if (this.#runs[provider]?.status !== 'done') this.#runs[provider] = { provider, status: 'failed', error: message };
      }
    } finally {
      this.#busy = false;
      this.#controller = null;
    }
  }

  cancel(): void {
    this.#controller?.abort();
    onnxEngine.stop();
  }

  async #runOne(provider: ExecutionProvider, model: Uint8Array, config: Record<string, unknown>, signal: AbortSignal): Promise<void> {
    this.#runs[provider] = { provider, status: 'running' };
    try {
      const loaded = await onnxEngine.loadModel({ model, provider }, signal);
      const output = await onnxEngine.run({ sessionId: loaded.sessionId, feeds: selfTestFeeds(config), fetches: ['logits'] }, signal);
      await onnxEngine.release(loaded.sessionId);
      const logits = output.outputs.logits?.data as Float32Array;
      this.#runs[provider] = {
        provider: output.provider,
        status: 'done',
        loadMs: loaded.loadMs,
        runMs: output.runMs,
        top: lastRowTop(logits, this.#vocab),
        logits,
      };
    } catch (error) {
      if (isCancelled(error)) throw error;
      this.#runs[provider] = { provider, status: 'failed', error: describeError(error) };
    }
  }
}

export const selfTest = new SelfTestStore();
