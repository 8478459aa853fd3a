// The model the Compress page works on: loaded from the demo pack, a URL (with progress, external
// data fetched next to it) or dropped files, then decoded and inspected in a worker (never on the
// main thread). Also where its tokenizer and config come from (the files that came with it, or a
// base model the person names) and the texts it calibrates on and is scored on: for demo models the
// pack's calibration.txt (training chapters) and heldout.txt, never one for the other. Bytes are $state.raw.
import type { OnnxModelRef } from '../../core/engines/types.ts';
import { isCancelled } from '../../core/errors.ts';
import { baseFolderUrl, checkModelUrl, companionFolder, fetchBytes, hubModelRef, ModelFetchError, siblingUrl, type FetchProgress } from '../../core/compress-ui/fetch-model.ts';
import type { SampleRequest, SampleResult } from '../../core/compress-ui/weight-samples.ts';
import type { ExternalDataFile, InspectReport } from '../../core/onnx/index.ts';
import { fetchDemoIndex, demoTeacher, type DemoPackEntry } from '../../lib/demo-pack.ts';
import { CompressClient } from '../../lib/workers/compress-client.ts';
import { describeError } from '../describe-error.ts';
import { readDroppedFiles } from '../components/compress/dropped-files.ts';

export type ModelSourceKind = 'demo' | 'url' | 'file';
export type ModelOrigin = { kind: 'demo'; entry: DemoPackEntry } | { kind: 'url'; url: string } | { kind: 'file'; name: string };

export interface Companions {
  config: Record<string, unknown> | null;
  tokenizerJson: unknown;
}

export interface Inspection {
  report: InspectReport;
  samples: Map<string, SampleResult>;
}

export interface LoadedModel extends Inspection {
  /** New for every load: results of an older load never show against a newer one. */
  key: number;
  label: string;
  origin: ModelOrigin;
  model: Uint8Array;
  externalData: ExternalDataFile[];
  bytes: number;
  /** config.json / tokenizer.json that came with the model (null when none did). */
  companions: Companions | null;
  /** The demo pack's held-out text, for demo models. */
  heldout: string | null;
  /** The demo pack's calibration text (from the training documents), for demo models that ship one. */
  calibration: CalibrationText | null;
}

/** A text to calibrate on, with the name the variant's provenance records. */
export interface CalibrationText {
  name: string;
  text: string;
}

export interface LoadProgress {
  text: string;
  loaded: number;
  total: number | null;
}

/** What a source hands over before inspection; `sibling` fetches an external data file next to the model (URL sources). */
type Fetched = Omit<LoadedModel, 'key' | 'bytes' | keyof Inspection> & { sibling: ((location: string) => Promise<Uint8Array>) | null };

const demoPackUrl = () => new URL('models/', document.baseURI).href;
let loads = 0;

export class CompressModelStore {
  source = $state<ModelSourceKind>('demo');
  demoId = $state<string | null>(null);
  url = $state('');
  /** Non-demo models: where tokenizer and config come from ('' none, 'demo:<id>' or 'hf'), and the hub repo. */
  baseChoice = $state('');
  hubRepo = $state('');
  /** Reference text for calibration and sweeps when the model has no held-out text. */
  pastedText = $state('');
  #demoModels = $state.raw<DemoPackEntry[]>([]);
  #status = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  #progress = $state<LoadProgress | null>(null);
  #loaded = $state.raw<LoadedModel | null>(null);
  #error = $state<string | null>(null);
  #controller: AbortController | null = null;
  readonly #client = new CompressClient();

  get demoModels() { return this.#demoModels; }
  get status() { return this.#status; }
  get progress() { return this.#progress; }
  get loaded() { return this.#loaded; }
  get error() { return this.#error; }
  readonly busy = $derived(this.#status === 'loading');

  /** The model tokenizer/config/variants are tied to: the demo model itself, else what the person chose. */
  readonly baseModel: OnnxModelRef | null = $derived.by(() => {
    const origin = this.#loaded?.origin;
    if (!origin) return null;
    if (origin.kind === 'demo') return { source: 'demo-pack', modelId: origin.entry.id };
    if (this.baseChoice.startsWith('demo:')) return { source: 'demo-pack', modelId: this.baseChoice.slice(5) };
    if (this.baseChoice === 'hf' && this.hubRepo.trim()) return { source: 'hf-onnx', repoId: this.hubRepo.trim() };
    return null;
  });

  /** Text to score against (sweeps, Compare): the demo's held-out text, else the pasted text. */
  readonly referenceText: string | null = $derived(this.#loaded?.heldout ?? (this.pastedText.trim() || null));

  /**
   * Text AWQ and Wanda calibrate on: the demo pack's calibration.txt, else the pasted text. A demo
   * model without calibration.txt gets none rather than its held-out text, which Compare scores on.
   */
  readonly calibrationText: CalibrationText | null = $derived.by(() => {
    const loaded = this.#loaded;
    if (loaded?.calibration) return loaded.calibration;
    const pasted = this.pastedText.trim();
    return pasted && loaded?.origin.kind !== 'demo' ? { name: 'pasted reference text', text: pasted } : null;
  });

  async loadDemoIndex(): Promise<void> {
    if (this.#demoModels.length > 0) return;
    try {
      this.#demoModels = await fetchDemoIndex();
      this.demoId ??= demoTeacher(this.#demoModels)?.id ?? null;
    } catch (error) {
      this.#error = describeError(error);
    }
  }

  /** On first visit: the demo pack's index, then its teacher (a few MB), so the page never starts empty. */
  async start(): Promise<void> {
    await this.loadDemoIndex();
    if (!this.#loaded && this.#status === 'idle' && this.source === 'demo') await this.loadDemo();
  }

  chooseDemo(id: string): Promise<void> {
    this.demoId = id;
    return this.loadDemo();
  }

  cancel(): void {
    this.#controller?.abort();
    this.#client.stop();
  }

  loadDemo(): Promise<void> {
    const entry = this.#demoModels.find((m) => m.id === this.demoId);
    if (!entry) return Promise.resolve();
    return this.#load(async (signal) => {
      const folder = new URL(`${encodeURIComponent(entry.id)}/`, demoPackUrl()).href;
      const model = await fetchBytes(fetch, `${folder}onnx/model.onnx`, { signal, onProgress: this.#onFetch });
      const text = (file: string) => fetchBytes(fetch, folder + file, { signal, binary: false });
      // Packs built before calibration.txt existed lack it: calibration then asks for text.
      const optional = (file: string) => text(file).catch((error: unknown) => { if (isCancelled(error)) throw error; return null; });
      const [config, tokenizer, heldout, calibration] = await Promise.all([text('config.json'), text('tokenizer.json'), text('heldout.txt'), optional('calibration.txt')]);
      const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
      return {
        label: entry.name, origin: { kind: 'demo', entry }, model, externalData: [],
        companions: { config: JSON.parse(decode(config)) as Record<string, unknown>, tokenizerJson: JSON.parse(decode(tokenizer)) as unknown },
        heldout: decode(heldout), calibration: calibration && { name: `${entry.id}/calibration.txt`, text: decode(calibration) }, sibling: (location) => fetchBytes(fetch, `${folder}onnx/${location}`, { signal, onProgress: this.#onFetch }),
      };
    });
  }

  loadUrl(): Promise<void> {
    return this.#load(async (signal) => {
      const url = checkModelUrl(this.url);
      const model = await fetchBytes(fetch, url, { signal, onProgress: this.#onFetch });
      const hub = hubModelRef(url);
      if (hub && hub.source === 'hf-onnx') {
        this.baseChoice = 'hf';
        this.hubRepo = hub.repoId;
      }
      return {
        label: url.split('/').pop() ?? url, origin: { kind: 'url', url }, model, externalData: [],
        companions: await this.#companionsAt(companionFolder(url), signal), heldout: null, calibration: null,
        sibling: (location) => fetchBytes(fetch, siblingUrl(url, location), { signal, onProgress: this.#onFetch }),
      };
    });
  }

  loadFiles(files: readonly File[]): Promise<void> {
    return this.#load(async () => {
      this.#progress = { text: 'Reading the files…', loaded: 0, total: null };
      const read = await readDroppedFiles(files);
      return { ...read, origin: { kind: 'file', name: read.label }, heldout: null, calibration: null, sibling: null };
    });
  }

  /** Inspects bytes in the worker; `sample` names the weights to sample (the original's, for a compressed model). */
  async inspectBytes(model: Uint8Array, externalData: ExternalDataFile[], sample?: SampleRequest[], signal?: AbortSignal): Promise<Inspection> {
    const result = await this.#client.inspect({ model, externalData, ...(sample ? { sample } : {}) }, signal ? { signal } : {});
    if (result.kind !== 'inspected') throw new ModelFetchError(`The compressed model names external data (${result.locations.join(', ')}) that did not come with it.`);
    return { report: result.report, samples: new Map(result.samples.map((s) => [s.name, s])) };
  }

  /** config.json and tokenizer.json: those that came with the model, else the base model's. */
  async companions(signal?: AbortSignal): Promise<Companions | null> {
    const own = this.#loaded?.companions;
    if (own?.tokenizerJson && own.config) return own;
    const base = this.baseModel;
    if (!base) return own ?? null;
    const fetched = await this.#companionsAt(baseFolderUrl(base, demoPackUrl()), signal);
    return fetched && { config: own?.config ?? fetched.config, tokenizerJson: own?.tokenizerJson ?? fetched.tokenizerJson };
  }

  async #companionsAt(folder: string, signal: AbortSignal | undefined): Promise<Companions | null> {
    const json = async (file: string): Promise<unknown> => {
      try {
        return JSON.parse(new TextDecoder().decode(await fetchBytes(fetch, folder + file, { signal, binary: false }))) as unknown;
      } catch (error) {
        if (isCancelled(error)) throw error;
        return null; // optional: without it, calibration and scoring ask for a base model
      }
    };
    const [config, tokenizerJson] = await Promise.all([json('config.json'), json('tokenizer.json')]);
    return config || tokenizerJson ? { config: (config as Record<string, unknown> | null) ?? null, tokenizerJson } : null;
  }

  readonly #onFetch = (progress: FetchProgress) => {
    this.#progress = { text: `Downloading ${progress.file}`, loaded: progress.loaded, total: progress.total };
  };

  async #load(source: (signal: AbortSignal) => Promise<Fetched>): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    this.#status = 'loading';
    this.#error = null;
    try {
      const { sibling, ...loaded } = await source(controller.signal);
      const inspected = await this.#inspectWithExternalData(loaded.model, loaded.externalData, loaded.label, sibling, controller.signal);
      const bytes = inspected.model.byteLength + inspected.externalData.reduce((n, f) => n + f.data.byteLength, 0);
      this.#loaded = { ...loaded, ...inspected, key: ++loads, bytes };
      this.#status = 'ready';
    } catch (error) {
      this.#status = this.#loaded ? 'ready' : 'failed';
      this.#error = isCancelled(error) ? 'Loading stopped.' : describeError(error);
    } finally {
      if (this.#controller === controller) this.#controller = null;
      this.#progress = null;
    }
  }

  async #inspectWithExternalData(model: Uint8Array, externalData: ExternalDataFile[], name: string, sibling: Fetched['sibling'], signal: AbortSignal) {
    const onProgress = ({ done, total }: { done: number; total: number }) => (this.#progress = { text: 'Inspecting the model', loaded: done, total });
    this.#progress = { text: 'Inspecting the model', loaded: 0, total: null };
    let result = await this.#client.inspect({ model, externalData, name }, { signal, onProgress });
    if (result.kind === 'needs-external-data') {
      const { locations } = result;
      if (!sibling) throw new ModelFetchError(`${name} keeps its weights in ${locations.map((l) => `'${l}'`).join(', ')}. Drop ${locations.length === 1 ? 'that file' : 'those files'} together with the .onnx file.`);
      const fetched: ExternalDataFile[] = [];
      for (const location of locations) fetched.push({ path: location, data: await sibling(location) });
      result = await this.#client.inspect({ model: result.model, externalData: [...result.externalData, ...fetched], name }, { signal, onProgress });
      if (result.kind !== 'inspected') throw new ModelFetchError(`${name} still misses ${result.locations.join(', ')} after fetching it.`);
    }
    return { model: result.model, externalData: result.externalData, report: result.report, samples: new Map(result.samples.map((s) => [s.name, s])) };
  }
}

/** One per app, kept across navigation. */
export const compressModel = new CompressModelStore();
