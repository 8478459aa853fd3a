// What the Compare page is set to run: the model source, the ticked variants (matrix cells), the
// baseline, and the plan draft. Options are derived from the source, the stored variants and the
// device's capabilities, so a cell this device cannot run is disabled before anything loads.
import { DEFAULT_PLAN, type ComparePlan } from '../../core/compare/plan.ts';
import { HELDOUT_PRESET_ID, PROMPT_PRESETS, REFERENCE_PRESETS } from '../../core/compare/presets.ts';
import { onnxVariantOptions, type DeviceSupport, type StoredVariantSummary, type VariantOption } from '../../core/compare/variant-options.ts';
import type { CalibrationRecord } from '../../core/compress/types.ts';
import type { Device, OnnxDtype, OnnxModelRef } from '../../core/engines/types.ts';
import type { PerplexityMethod } from '../../core/metrics/scoring-plan.ts';
import { variantKey } from '../../core/engines/spec.ts';
import { appStorage } from '../../lib/app-storage.ts';
import { demoTeacher, fetchDemoFile, fetchDemoIndex, type DemoPackEntry } from '../../lib/demo-pack.ts';
import { describeError } from '../describe-error.ts';
import { device } from './device.svelte.ts';

export type SourceKind = 'demo-pack' | 'hf-onnx' | 'mlc';

export interface PlanDraft {
  prompt: string;
  referencePreset: string;
  customReference: string;
  maxNewTokens: number;
  repeats: number;
  /** Sampling of the shown outputs (0 = greedy); the same prompt and seed go to every variant. */
  temperature: number;
  topK: number;
  topP: number;
  repetitionPenalty: number;
  seed: number;
  pplMethod: PerplexityMethod;
}

const HF_DTYPES: readonly OnnxDtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];
const DEFAULT_SUPPORT: DeviceSupport = { wasm: true, webgpu: true, needsShaderF16OnWebgpu: false };

export class CompareSelection {
  source = $state<SourceKind>('demo-pack');
  demoModels = $state<DemoPackEntry[]>([]);
  demoModelId = $state<string | null>(null);
  hfRepoId = $state('onnx-community/SmolLM2-135M-Instruct-ONNX');
  stored = $state<StoredVariantSummary[]>([]);
  /** Options for the MLC engine come from its own picker (ladders), merged here. */
  mlcOptions = $state<VariantOption[]>([]);
  selected = $state<string[]>([]);
  baseline = $state<string | null>(null);
  heldout = $state<string | null>(null);
  loadError = $state<string | null>(null);
  draft = $state<PlanDraft>({
    prompt: PROMPT_PRESETS[0]!.prompt,
    referencePreset: HELDOUT_PRESET_ID,
    customReference: '',
    maxNewTokens: DEFAULT_PLAN.maxNewTokens,
    repeats: DEFAULT_PLAN.repeats,
    temperature: 0,
    topK: 0,
    topP: 1,
    repetitionPenalty: 1,
    seed: 0,
    pplMethod: 'strided',
  });

  readonly modelRef: OnnxModelRef | null = $derived(
    this.source === 'demo-pack' ? (this.demoModelId ? { source: 'demo-pack', modelId: this.demoModelId } : null)
      : this.source === 'hf-onnx' ? (this.hfRepoId.trim() ? { source: 'hf-onnx', repoId: this.hfRepoId.trim() } : null)
        : null,
  );

  readonly options: VariantOption[] = $derived.by(() => {
    const capabilities = device.capabilities;
    if (this.source === 'mlc') return this.mlcOptions;
    const ref = this.modelRef;
    if (!capabilities || !ref) return [];
    const dtypes = ref.source === 'demo-pack' ? (['fp32'] as OnnxDtype[]) : HF_DTYPES;
    const stored = this.stored;
    return onnxVariantOptions(ref, dtypes, stored, capabilities);
  });

  readonly referenceText: string = $derived.by(() => {
    if (this.draft.referencePreset === 'custom') return this.draft.customReference;
    const preset = REFERENCE_PRESETS.find((p) => p.id === this.draft.referencePreset);
    return preset?.text ?? this.heldout ?? '';
  });

  plan(): ComparePlan {
    const d = this.draft;
    const sampling = { temperature: Number(d.temperature), topK: Number(d.topK), topP: Number(d.topP), repetitionPenalty: Number(d.repetitionPenalty), seed: Number(d.seed) };
    return { ...DEFAULT_PLAN, prompt: d.prompt, referenceText: this.referenceText, maxNewTokens: Number(d.maxNewTokens), repeats: Number(d.repeats), sampling, pplMethod: d.pplMethod };
  }

  chosenOptions(): VariantOption[] {
    return this.options.filter((o) => this.selected.includes(o.key) && o.verdict.ok);
  }

  async loadDemoPack(): Promise<void> {
    try {
      this.demoModels = await fetchDemoIndex();
      const teacher = demoTeacher(this.demoModels);
      this.demoModelId ??= teacher?.id ?? null;
      await this.refreshModelFiles();
    } catch (error) {
      this.loadError = describeError(error);
    }
  }

  /** Stored variants of the current model, and the demo model's held-out reference text. */
  async refreshModelFiles(): Promise<void> {
    const ref = this.modelRef;
    const entry = this.demoModels.find((m) => m.id === this.demoModelId);
    this.heldout = null;
    if (this.source === 'demo-pack' && entry) {
      this.heldout = await fetchDemoFile(entry, 'heldout.txt').then((r) => r.text(), () => null);
    }
    if (!ref) return;
    const storage = await appStorage();
    const records = await storage.listVariants();
    this.stored = records
      .filter((r) => JSON.stringify(r.baseModel) === JSON.stringify(ref))
      .map((r) => ({
        id: r.id, name: r.name, recipeSummary: r.recipeSummary, totalBytes: r.totalBytes, support: (r.metadata.support as DeviceSupport | undefined) ?? DEFAULT_SUPPORT,
        ...(r.metadata.calibration ? { calibration: r.metadata.calibration as CalibrationRecord } : {}),
      }));
  }

  /**
   * Opens Compare on `model` with a stored variant ticked next to the model's fp32 weights on the
   * same device (the baseline), as the Compress page's "Open in Compare" does.
   */
  preselect(model: OnnxModelRef, variantId: string, device: Device): void {
    this.source = model.source;
    if (model.source === 'demo-pack') this.demoModelId = model.modelId;
    else this.hfRepoId = model.repoId;
    const fp32 = variantKey({ model: model.source === 'demo-pack' ? { source: 'demo-pack', modelId: model.modelId, dtype: 'fp32' } : { source: 'hf-onnx', repoId: model.repoId, dtype: 'fp32', ...(model.revision ? { revision: model.revision } : {}) }, device });
    this.selected = [fp32, variantKey({ model: { source: 'stored-variant', variantId }, device })];
    this.baseline = fp32;
    void this.refreshModelFiles();
  }

  setSource(source: SourceKind): void {
    this.source = source;
    this.selected = [];
    this.baseline = null;
    if (source !== 'demo-pack' && this.draft.referencePreset === HELDOUT_PRESET_ID) this.draft.referencePreset = REFERENCE_PRESETS[1]!.id;
    void this.refreshModelFiles();
  }
}

export const compareSelection = new CompareSelection();
