// Our first-principles estimate beside web-llm's own `vram_required_MB` for every catalogue model
// whose architecture ./known-architectures.ts covers, at the catalogue's context window. web-llm's
// "MB" is MiB (facts-labs.md). Records come in as data (core never imports web-llm).
import { contextWindowOf, MLC_MODEL_TYPE, parseMlcModelId, type MlcModelRecord } from '../engines/mlc/model-record.ts';
import { PlanInputError } from './errors.ts';
import { factsFromArchitecture } from './facts.ts';
import { formatOfMlcQuantization, type FormatId } from './formats.ts';
import { findKnownArchitecture, type KnownArchitecture } from './known-architectures.ts';
import { planMemory, type MemoryPlan } from './memory.ts';

const MIB = 2 ** 20;
/** web-llm's default context window when a record has no override (facts-labs.md). */
export const WEBLLM_DEFAULT_CONTEXT = 4096;

export interface WebLlmEstimate {
  modelId: string;
  architecture: KnownArchitecture;
  format: FormatId;
  context: number;
  vramRequiredMB: number | null;
  plan: MemoryPlan;
  estimateMiB: number;
  /** estimate - web-llm, MiB; null without a web-llm figure. */
  differenceMiB: number | null;
  /** estimate / web-llm. */
  ratio: number | null;
}

export interface CatalogueCheck {
  rows: WebLlmEstimate[];
  /** Text-generation models we have no architecture (or format) for, with the reason. */
  uncovered: Array<{ modelId: string; reason: string }>;
  /** Of |estimate / web-llm - 1| over the covered rows. */
  medianAbsError: number;
  worst: { modelId: string; absError: number } | null;
}

function uncoveredReason(record: MlcModelRecord): string | null {
  if (record.model_type === MLC_MODEL_TYPE.embedding) return 'embedding model';
  if (record.model_type === MLC_MODEL_TYPE.vlm) return 'vision model (image encoder not modelled)';
  const parsed = parseMlcModelId(record.model_id);
  if (!parsed) return 'id not in <base>-<quant>-MLC form';
  if (!formatOfMlcQuantization(parsed.quantization.name)) return `quantization ${parsed.quantization.name} not modelled`;
  if (!findKnownArchitecture(parsed.base)) return 'architecture not in the built-in table';
  return null;
}

/** The estimate for one record; throws PlanInputError naming `model` when it is not covered. */
export function estimateWebLlmRecord(record: MlcModelRecord, options: { context?: number; batch?: number } = {}): WebLlmEstimate {
  const reason = uncoveredReason(record);
  if (reason) throw new PlanInputError(`web-llm model ${record.model_id} cannot be planned: ${reason}.`, 'model');
  const parsed = parseMlcModelId(record.model_id)!;
  const architecture = findKnownArchitecture(parsed.base)!;
  const format = formatOfMlcQuantization(parsed.quantization.name)!;
  const context = options.context ?? contextWindowOf(record) ?? WEBLLM_DEFAULT_CONTEXT;
  const plan = planMemory(factsFromArchitecture(architecture.architecture, format), { context, batch: options.batch ?? 1 });
  const estimateMiB = plan.totalBytes / MIB;
  const vram = record.vram_required_MB ?? null;
  return {
    modelId: record.model_id, architecture, format, context, vramRequiredMB: vram, plan, estimateMiB,
    differenceMiB: vram === null ? null : estimateMiB - vram,
    ratio: vram === null ? null : estimateMiB / vram,
  };
}

export function findWebLlmRecord(records: readonly MlcModelRecord[], modelId: string): MlcModelRecord {
  const record = records.find((r) => r.model_id === modelId);
  if (!record) {
    const near = records.filter((r) => r.model_id.toLowerCase().includes(modelId.toLowerCase().split('-')[0] ?? '')).slice(0, 3).map((r) => r.model_id);
    throw new PlanInputError(`Unknown model '${modelId}': not a config.json file or folder, and not a web-llm model id${near.length ? ` (similar: ${near.join(', ')})` : ''}.`, 'model');
  }
  return record;
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function crossCheckCatalogue(records: readonly MlcModelRecord[]): CatalogueCheck {
  const rows: WebLlmEstimate[] = [];
  const uncovered: CatalogueCheck['uncovered'] = [];
  for (const record of records) {
    const reason = uncoveredReason(record);
    if (reason) uncovered.push({ modelId: record.model_id, reason });
    else rows.push(estimateWebLlmRecord(record));
  }
  const errors = rows.filter((r) => r.ratio !== null).map((r) => ({ modelId: r.modelId, absError: Math.abs(r.ratio! - 1) }));
  const worst = errors.reduce<CatalogueCheck['worst']>((w, e) => (w === null || e.absError > w.absError ? e : w), null);
  return { rows, uncovered, medianAbsError: median(errors.map((e) => e.absError)), worst };
}
