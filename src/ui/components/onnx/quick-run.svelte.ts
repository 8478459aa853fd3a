// State of the ONNX quick run: pick a demo-pack model and a device, generate greedily through the
// ONNX engine in its worker, stream the tokens, and show what loaded from where and how fast.
import type { Device, EngineProgress, GenerationReport, LoadReport } from '../../../core/engines/types.ts';
import { fetchDemoIndex, type DemoPackEntry } from '../../../lib/demo-pack.ts';
import { OnnxWorkerEngine } from '../../../lib/engines/onnx/onnx-engine.ts';
import { describeError } from '../../describe-error.ts';

/** The engine addresses a demo-pack model by its folder under models/. */
export function folderOf(entry: DemoPackEntry): string {
  return entry.path.split('/').filter(Boolean).pop() ?? entry.name;
}

export class QuickRunStore {
  #models = $state<DemoPackEntry[]>([]);
  #busy = $state(false);
  #progress = $state<EngineProgress | null>(null);
  #load = $state<LoadReport | null>(null);
  #report = $state<GenerationReport | null>(null);
  #output = $state('');
  #tokenIds = $state<number[]>([]);
  #error = $state<string | null>(null);
  modelId = $state('');
  device = $state<Device>('wasm');
  prompt = $state('Call me Ishmael. ');
  maxNewTokens = $state(24);
  #engine: OnnxWorkerEngine | null = null;
  #loadedKey: string | null = null;
  #controller: AbortController | null = null;

  get models() { return this.#models; }
  get busy() { return this.#busy; }
  get progress() { return this.#progress; }
  get load() { return this.#load; }
  get report() { return this.#report; }
  get output() { return this.#output; }
  get tokenIds() { return this.#tokenIds; }
  get error() { return this.#error; }

  async listModels(): Promise<void> {
    try {
      this.#models = await fetchDemoIndex();
      const preferred = this.#models.find((m) => m.role === 'teacher') ?? this.#models[0];
      this.modelId ||= preferred ? folderOf(preferred) : '';
    } catch (error) {
      this.#error = describeError(error);
    }
  }

  async generate(): Promise<void> {
    this.#controller = new AbortController();
    const signal = this.#controller.signal;
    this.#busy = true;
    this.#error = null;
    this.#report = null;
    this.#output = '';
    this.#tokenIds = [];
    try {
      this.#engine ??= new OnnxWorkerEngine();
      const key = `${this.modelId}|${this.device}`;
      if (this.#loadedKey !== key) {
        this.#loadedKey = null;
        this.#load = null;
        this.#load = await this.#engine.load({ model: { source: 'demo-pack', modelId: this.modelId, dtype: 'fp32' }, device: this.device }, (p) => (this.#progress = p), signal);
        this.#loadedKey = key;
      }
      this.#progress = { phase: 'generate', text: 'Generating' };
      this.#report = await this.#engine.generate(
        this.prompt,
        { maxNewTokens: this.maxNewTokens, sampling: { kind: 'greedy' }, ignoreEos: true, signal },
        (token) => {
          this.#output += token.text;
          if (token.id !== undefined) this.#tokenIds = [...this.#tokenIds, token.id];
        },
      );
      this.#output = this.#report.text;
      this.#tokenIds = this.#report.tokenIds ?? this.#tokenIds;
    } catch (error) {
      // The worker may have restarted (the self-test's Cancel stops it): load again next time.
      this.#loadedKey = null;
      this.#error = describeError(error);
    } finally {
      this.#progress = null;
      this.#busy = false;
      this.#controller = null;
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }
}
