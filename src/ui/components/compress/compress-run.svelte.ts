// One compression of the loaded model at a time: calibration first when the recipe needs it, then the
// compress worker with per-tensor progress and Cancel (the worker is terminated, so it really stops),
// then the result inspected in a worker for the "after" histograms. The result is saved as a variant
// in IndexedDB and opened in Compare with one click. Bytes are kept raw ($state.raw), never proxied.
import { recipeNeedsCalibration } from '../../../core/compress/calibration/needs.ts';
import { summarizeRecipe } from '../../../core/compress/recipe.ts';
import type { CompressReport, Recipe } from '../../../core/compress/types.ts';
import { floatWeights } from '../../../core/compress-ui/inspect-job.ts';
import type { Device, OnnxModelRef } from '../../../core/engines/types.ts';
import { InvalidArgumentError, isCancelled } from '../../../core/errors.ts';
import type { ExternalDataFile } from '../../../core/onnx/index.ts';
import { appStorage } from '../../../lib/app-storage.ts';
import { CompressClient, type CompressJobProgress } from '../../../lib/workers/compress-client.ts';
import { describeError } from '../../describe-error.ts';
import { compareSelection } from '../../stores/compare-selection.svelte.ts';
import { compressModel, type Inspection, type LoadedModel } from '../../stores/compress-model.svelte.ts';
import { device } from '../../stores/device.svelte.ts';
import { router } from '../../stores/router.svelte.ts';

export type CompressStatus = 'idle' | 'running' | 'inspecting' | 'done' | 'cancelled' | 'failed';

export interface CompressOutput {
  /** The LoadedModel.key it was made from. */
  modelKey: number;
  label: string;
  baseModel: OnnxModelRef | null;
  recipe: Recipe;
  report: CompressReport;
  model: Uint8Array;
  externalData: ExternalDataFile[];
  /** The base config.json with intermediate_size updated when neurons were removed; null when there is none. */
  config: Record<string, unknown> | null;
  /** The result inspected with samples under the original weight names; null if that failed. */
  after: Inspection | null;
}

/** Calibration text: at most this many windows of 128 tokens of the reference text. */
export const CALIBRATION_BATCHES = 16;

const copyFiles = (files: readonly ExternalDataFile[]) => files.map((file) => ({ path: file.path, data: file.data.slice() }));

/** The device Compare should tick the variant on: WebGPU when it and this device allow, else wasm. */
export function compareDevice(report: CompressReport): Device {
  const gpu = report.support.webgpu === true && device.check([{ kind: 'webgpu' }, ...(report.support.needsShaderF16OnWebgpu ? [{ kind: 'shader-f16' } as const] : [])]).ok;
  return gpu || report.support.wasm !== true ? 'webgpu' : 'wasm';
}

export class CompressRunStore {
  #status = $state<CompressStatus>('idle');
  #progress = $state<CompressJobProgress | null>(null);
  #output = $state.raw<CompressOutput | null>(null);
  #error = $state<string | null>(null);
  #saved = $state<string | null>(null);
  #controller: AbortController | null = null;
  readonly #client = new CompressClient();

  get status() { return this.#status; }
  get progress() { return this.#progress; }
  get output() { return this.#output; }
  get error() { return this.#error; }
  get saved() { return this.#saved; }
  readonly busy = $derived(this.#status === 'running' || this.#status === 'inspecting');

  /** Calibration on the model's calibration text (never the held-out text Compare scores on). */
  async #calibration(recipe: Recipe, signal: AbortSignal) {
    if (!recipeNeedsCalibration(recipe)) return undefined;
    const calibration = compressModel.calibrationText;
    const companions = await compressModel.companions(signal);
    if (!calibration) throw new InvalidArgumentError('This recipe uses Wanda or AWQ, which measure activations on real text. Paste a reference text above (a few paragraphs like what the model will see, not the text you will score it on).');
    if (!companions?.tokenizerJson) throw new InvalidArgumentError('Calibration needs the model\'s tokenizer: drop its tokenizer.json with the model, or name the base model it comes from above.');
    return { kind: 'text' as const, text: calibration.text, name: calibration.name, tokenizerJson: companions.tokenizerJson, sequenceLength: 128, maxBatches: CALIBRATION_BATCHES };
  }

  async run(recipe: Recipe): Promise<void> {
    const loaded: LoadedModel | null = compressModel.loaded;
    if (this.busy || !loaded) return;
    const controller = new AbortController();
    this.#controller = controller;
    const signal = controller.signal;
    this.#status = 'running';
    this.#error = null;
    this.#saved = null;
    this.#output = null;
    this.#progress = null;
    try {
      const calibration = await this.#calibration(recipe, signal);
      // The worker takes the bytes by transfer: give it copies, the loaded model stays for the next run.
      const job = { model: loaded.model.slice(), externalData: copyFiles(loaded.externalData), recipe, ...(calibration ? { calibration } : {}) };
      const result = await this.#client.run(job, { signal, onProgress: (progress) => (this.#progress = progress) });
      this.#status = 'inspecting';
      this.#progress = null;
      const after = await compressModel.inspectBytes(result.model.slice(), copyFiles(result.externalData), floatWeights(loaded.report), signal).catch((error: unknown) => {
        if (isCancelled(error)) throw error;
        this.#error = `The result could not be inspected for the histograms: ${describeError(error)}`;
        return null;
      });
      const config = (await compressModel.companions(signal).catch(() => null))?.config ?? null;
      const structure = result.report.structure;
      this.#output = {
        modelKey: loaded.key, label: loaded.label, baseModel: compressModel.baseModel, recipe, report: result.report, model: result.model, externalData: result.externalData,
        config: config && structure ? { ...config, intermediate_size: structure.intermediateAfter } : config, after,
      };
      this.#status = 'done';
    } catch (error) {
      this.#status = isCancelled(error) ? 'cancelled' : 'failed';
      if (!isCancelled(error)) this.#error = describeError(error);
    } finally {
      this.#progress = null;
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** Stops at once: the compress worker is terminated (a kernel mid-tensor cannot notice a signal). */
  cancel(): void {
    this.#controller?.abort();
    this.#client.stop();
  }

  /** Stores the result as a variant that Compare can run; returns its id. */
  async save(): Promise<string | null> {
    const output = this.#output;
    if (!output) return null;
    try {
      if (!output.baseModel) throw new InvalidArgumentError('Name the base model whose tokenizer and config this model uses (under Load a model) so Compare can run the variant; then compress again.');
      const summary = summarizeRecipe(output.recipe);
      const storage = await appStorage();
      const id = `variant-${globalThis.crypto.randomUUID()}`;
      await storage.putVariant(
        {
          id,
          name: `${output.label} · ${summary}`,
          baseModel: output.baseModel,
          recipe: output.recipe,
          recipeSummary: summary,
          createdAt: new Date().toISOString(),
          metadata: {
            support: output.report.support, report: output.report, ...(output.config ? { config: output.config } : {}),
            // Which text calibrated AWQ/Wanda: Compare warns when it scores the variant on that text.
            ...(output.report.calibration ? { calibration: output.report.calibration } : {}),
          },
        },
        [{ name: 'model.onnx', role: 'model', bytes: output.model }, ...output.externalData.map((file) => ({ name: file.path, role: 'external-data' as const, bytes: file.data }))],
      );
      this.#saved = id;
      return id;
    } catch (error) {
      this.#error = describeError(error);
      return null;
    }
  }

  /** Compare, on the base model, with the saved variant and the model's fp32 weights ticked. */
  openInCompare(): void {
    const output = this.#output;
    if (!output?.baseModel || !this.#saved) return;
    compareSelection.preselect(output.baseModel, this.#saved, compareDevice(output.report));
    router.go('compare');
  }
}

/** The page's run, kept across navigation so a compression in progress is not orphaned. */
export const compressRun = new CompressRunStore();
