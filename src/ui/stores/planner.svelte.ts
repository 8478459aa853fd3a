// The Planner page's state: which model (built-in, saved variant, web-llm id, pasted config.json),
// the format, context and batch; the plan derived from them; this device's microbenchmarks and the
// lab's measured runs for the predicted-vs-measured table. Loading goes through lib clients.
import { WEBLLM_DEFAULT_CONTEXT, architectureFromConfig, estimateWebLlmRecord, factsFromArchitecture, fitTargets, planMemory, type FormatId, type MemoryPlan, type ModelFacts } from '../../core/plan/index.ts';
import { measuredRuns, type MeasuredRun } from '../../core/plan/measured-runs.ts';
import type { MlcModelRecord } from '../../core/engines/mlc/model-record.ts';
import type { RunResult } from '../../core/results/run-result.ts';
import { appStorage } from '../../lib/app-storage.ts';
import { demoTeacher, fetchDemoFile, fetchDemoIndex, type DemoPackEntry } from '../../lib/demo-pack.ts';
import { planClient } from '../../lib/plan/plan-client.ts';
import type { GpuBandwidth } from '../../lib/plan/gpu-bandwidth.ts';
import type { VariantRecord } from '../../lib/storage/schema.ts';
import type { CpuBenchResult } from '../../workers/plan.protocol.ts';
import { describeError } from '../describe-error.ts';

export type PlanSourceKind = 'builtin' | 'variant' | 'webllm' | 'config';

interface Source {
  facts: ModelFacts | null;
  maxContext: number | null;
  webllmVramMB: number | null;
  error: string | null;
}

const NO_SOURCE: Source = { facts: null, maxContext: null, webllmVramMB: null, error: null };

export class PlannerStore {
  #kind = $state<PlanSourceKind>('builtin');
  #format = $state<FormatId>('fp32');
  #context = $state(128);
  #batch = $state(1);
  #builtin = $state<{ entry: DemoPackEntry; config: unknown } | null>(null);
  #configText = $state('');
  #webllmRecords = $state<readonly MlcModelRecord[]>([]);
  #webllmId = $state('');
  #variants = $state<VariantRecord[]>([]);
  #variantId = $state('');
  #variantFacts = $state<ModelFacts | null>(null);
  #runs = $state<RunResult[]>([]);
  #cpu = $state<CpuBenchResult | null>(null);
  #gpu = $state<GpuBandwidth | null | undefined>(undefined);
  #benching = $state(false);
  #loadError = $state<string | null>(null);

  get kind() { return this.#kind; }
  set kind(value: PlanSourceKind) {
    this.#kind = value;
    if (value === 'webllm') this.#useWebllmContext();
  }
  get format() { return this.#format; }
  set format(value: FormatId) { this.#format = value; }
  get context() { return this.#context; }
  set context(value: number) { this.#context = value; }
  get batch() { return this.#batch; }
  set batch(value: number) { this.#batch = value; }
  get configText() { return this.#configText; }
  set configText(value: string) { this.#configText = value; }
  get webllmId() { return this.#webllmId; }
  set webllmId(value: string) {
    this.#webllmId = value;
    this.#useWebllmContext();
  }

  /** web-llm's figure is for its own context window: start there. */
  #useWebllmContext(): void {
    const record = this.#webllmRecords.find((r) => r.model_id === this.#webllmId);
    if (record) this.#context = record.overrides?.context_window_size ?? WEBLLM_DEFAULT_CONTEXT;
  }
  get webllmRecords() { return this.#webllmRecords; }
  get variants() { return this.#variants; }
  get variantId() { return this.#variantId; }
  get builtinName() { return this.#builtin?.entry.name ?? null; }
  get cpu() { return this.#cpu; }
  get gpu() { return this.#gpu; }
  get benching() { return this.#benching; }
  get loadError() { return this.#loadError; }

  /** The formats the current source can be planned in (web-llm ids and variants have their own). */
  get formatFixed(): boolean {
    return this.#kind === 'webllm' || this.#kind === 'variant';
  }

  readonly source = $derived.by((): Source => {
    try {
      switch (this.#kind) {
        case 'builtin': {
          if (!this.#builtin) return NO_SOURCE;
          const arch = architectureFromConfig(this.#builtin.config);
          return { ...NO_SOURCE, facts: factsFromArchitecture(arch, this.#format), maxContext: arch.maxContext };
        }
        case 'config': {
          if (!this.#configText.trim()) return NO_SOURCE;
          const arch = architectureFromConfig(JSON.parse(this.#configText));
          return { ...NO_SOURCE, facts: factsFromArchitecture(arch, this.#format), maxContext: arch.maxContext };
        }
        case 'webllm': {
          const record = this.#webllmRecords.find((r) => r.model_id === this.#webllmId);
          if (!record) return NO_SOURCE;
          const estimate = estimateWebLlmRecord(record, { context: this.#context, batch: this.#batch });
          return { ...NO_SOURCE, facts: factsFromArchitecture(estimate.architecture.architecture, estimate.format), maxContext: estimate.architecture.architecture.maxContext, webllmVramMB: record.vram_required_MB ?? null };
        }
        case 'variant':
          return { ...NO_SOURCE, facts: this.#variantFacts };
      }
    } catch (error) {
      return { ...NO_SOURCE, error: describeError(error) };
    }
  });

  readonly plan = $derived.by((): { plan: MemoryPlan | null; error: string | null } => {
    const facts = this.source.facts;
    if (!facts) return { plan: null, error: this.source.error };
    try {
      return { plan: planMemory(facts, { context: this.#context, batch: this.#batch }, this.source.maxContext ?? undefined), error: null };
    } catch (error) {
      return { plan: null, error: describeError(error) };
    }
  });

  readonly targets = $derived(this.plan.plan ? fitTargets(this.plan.plan) : []);

  /** Measured runs of the selected model: the built-in model and its variants, or this web-llm id. */
  readonly measured = $derived.by((): MeasuredRun[] => {
    const builtinId = this.#builtin?.entry.id;
    const fromBuiltin = new Set(this.#variants.filter((v) => v.baseModel.source === 'demo-pack' && v.baseModel.modelId === builtinId).map((v) => v.id));
    return measuredRuns(this.#runs, (run) => {
      const model = run.variant.spec.model;
      if (this.#kind === 'builtin') return (model.source === 'demo-pack' && model.modelId === builtinId) || (model.source === 'stored-variant' && fromBuiltin.has(model.variantId));
      if (this.#kind === 'webllm') return model.source === 'mlc-prebuilt' && model.modelId === this.#webllmId;
      if (this.#kind === 'variant') return model.source === 'stored-variant' && model.variantId === this.#variantId;
      return false;
    });
  });

  /** The selected model's plan in another format (a measured run's); null when it cannot be known. */
  planFor(format: FormatId | null): MemoryPlan | null {
    if (format === null) return null;
    const current = this.plan.plan;
    if (this.#kind === 'builtin' && this.#builtin) {
      const arch = architectureFromConfig(this.#builtin.config);
      return planMemory(factsFromArchitecture(arch, format), { context: this.#context, batch: 1 });
    }
    return format === this.#format || this.formatFixed ? current : null;
  }

  /** Loads the built-in model's config, saved variants, stored runs and web-llm's catalogue. */
  async load(): Promise<void> {
    try {
      const entry = demoTeacher(await fetchDemoIndex());
      if (entry) {
        const config: unknown = await (await fetchDemoFile(entry, 'config.json')).json();
        this.#builtin = { entry, config };
        const arch = architectureFromConfig(config);
        this.#context = arch.maxContext;
      }
      const storage = await appStorage();
      this.#variants = await storage.listVariants();
      this.#runs = await storage.listRuns();
    } catch (error) {
      this.#loadError = describeError(error);
    }
    try {
      const { modelRecords } = await import('../../lib/engines/mlc/web-llm.ts');
      this.#webllmRecords = modelRecords();
      this.#webllmId ||= 'Llama-3.2-1B-Instruct-q4f16_1-MLC';
    } catch (error) {
      this.#loadError = `web-llm's catalogue could not be loaded: ${describeError(error)}`;
    }
  }

  async selectVariant(id: string): Promise<void> {
    this.#variantId = id;
    this.#variantFacts = null;
    if (!id) return;
    try {
      const stored = await (await appStorage()).getVariant(id);
      const file = stored?.record.files.find((f) => f.role === 'model');
      const bytes = file ? stored!.files.get(file.name) : undefined;
      if (!bytes) throw new Error('The variant has no model file stored.');
      this.#variantFacts = await planClient.onnxFacts(bytes.slice(), stored!.record.name);
    } catch (error) {
      this.#loadError = describeError(error);
    }
  }

  /** Runs the CPU and WebGPU microbenchmarks in the plan worker (about a second each). */
  async bench(): Promise<void> {
    this.#benching = true;
    try {
      this.#cpu = await planClient.cpuBench();
      this.#gpu = await planClient.gpuBench().catch(() => null);
    } catch (error) {
      this.#loadError = describeError(error);
    } finally {
      this.#benching = false;
    }
  }
}

export const planner = new PlannerStore();
