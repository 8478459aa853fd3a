// Groups web-llm's flat model list into quantization ladders: one ladder per base model and build
// suffix (`-1k` builds have a different context, so they are a ladder of their own), rungs ordered
// from most to least precise (q0f32, q0f16, q4f32_1, q4f16_1, q3f16_1...). Embedding models are
// left out: they cannot generate text.
import { FEATURED_MLC_LADDERS, type FeaturedLadder } from './featured-models.ts';
import { MLC_MODEL_TYPE, contextWindowOf, needsShaderF16, parseMlcModelId, type MlcModelRecord, type MlcQuantization } from './model-record.ts';

export interface MlcRung {
  modelId: string;
  quantization: MlcQuantization;
  /** web-llm's estimate of GPU memory for weights plus KV cache, MB; null when the record has none. */
  vramMB: number | null;
  lowResource: boolean;
  /** Declared by the record plus 'shader-f16' for f16 kernels (web-llm does not always declare it). */
  requiredFeatures: string[];
  /** Required maxStorageBufferBindingSize, when the record states one. */
  bufferBytes: number | null;
  contextWindow: number | null;
  record: MlcModelRecord;
}

export interface MlcLadder {
  /** Unique: base plus suffix, e.g. `TinyLlama-1.1B-Chat-v1.0-1k`. */
  key: string;
  base: string;
  suffix: string | null;
  /** Human label, e.g. "Phi-3.5-mini-instruct (1k context build)". */
  label: string;
  vision: boolean;
  featured: FeaturedLadder | null;
  /** Most precise first. */
  rungs: MlcRung[];
}

export interface MlcCatalogue {
  /** Featured ladders first (in the featured list's order), then the rest in web-llm's order. */
  ladders: MlcLadder[];
  /** Ids that do not follow `<base>-<quant>-MLC[-suffix]`: listed so nothing disappears silently. */
  unrecognized: string[];
}

function suffixLabel(suffix: string | null, context: number | null): string {
  if (suffix === null) return '';
  if (/^\d+k$/.test(suffix)) return ` (${context ?? suffix} context build)`;
  return ` (${suffix} build)`;
}

/** q0f32 before q0f16 before q4f32_1 before q4f16_1 before q3f16_1: more weight bits, then wider floats. */
export function compareRungs(a: MlcRung, b: MlcRung): number {
  const qa = a.quantization;
  const qb = b.quantization;
  const width = (q: MlcQuantization) => (q.floatType === 'f32' ? 32 : 16);
  return qb.weightBits - qa.weightBits || width(qb) - width(qa) || (qa.scheme ?? 0) - (qb.scheme ?? 0) || a.modelId.localeCompare(b.modelId);
}

function toRung(record: MlcModelRecord, quantization: MlcQuantization): MlcRung {
  const declared = [...(record.required_features ?? [])];
  if (needsShaderF16(record) && !declared.includes('shader-f16')) declared.push('shader-f16');
  return {
    modelId: record.model_id,
    quantization,
    vramMB: record.vram_required_MB ?? null,
    lowResource: record.low_resource_required ?? false,
    requiredFeatures: declared,
    bufferBytes: record.buffer_size_required_bytes ?? null,
    contextWindow: contextWindowOf(record),
    record,
  };
}

/** Builds the ladders from a model list (web-llm's `prebuiltAppConfig.model_list`, passed in as data). */
export function groupLadders(records: readonly MlcModelRecord[], featured: readonly FeaturedLadder[] = FEATURED_MLC_LADDERS): MlcCatalogue {
  const byKey = new Map<string, MlcLadder>();
  const unrecognized: string[] = [];
  for (const record of records) {
    if (record.model_type === MLC_MODEL_TYPE.embedding) continue;
    const parsed = parseMlcModelId(record.model_id);
    if (!parsed) {
      unrecognized.push(record.model_id);
      continue;
    }
    const key = parsed.suffix ? `${parsed.base}-${parsed.suffix}` : parsed.base;
    let ladder = byKey.get(key);
    if (!ladder) {
      const vision = record.model_type === MLC_MODEL_TYPE.vlm;
      ladder = {
        key,
        base: parsed.base,
        suffix: parsed.suffix,
        label: `${parsed.base}${suffixLabel(parsed.suffix, contextWindowOf(record))}${vision ? ' (vision)' : ''}`,
        vision,
        featured: parsed.suffix === null ? (featured.find((f) => f.base === parsed.base) ?? null) : null,
        rungs: [],
      };
      byKey.set(key, ladder);
    }
    ladder.rungs.push(toRung(record, parsed.quantization));
  }
  const ladders = [...byKey.values()];
  for (const ladder of ladders) ladder.rungs.sort(compareRungs);
  const rank = (ladder: MlcLadder) => (ladder.featured ? featured.indexOf(ladder.featured) : featured.length);
  // Array.prototype.sort is stable: non-featured ladders keep web-llm's order.
  ladders.sort((a, b) => rank(a) - rank(b));
  return { ladders, unrecognized };
}

/** The record for a model id, or undefined. */
export function findRecord(records: readonly MlcModelRecord[], modelId: string): MlcModelRecord | undefined {
  return records.find((record) => record.model_id === modelId);
}

/** Ladders whose label or rung ids contain the query (case-insensitive); all when the query is blank. */
export function filterLadders(ladders: readonly MlcLadder[], query: string): MlcLadder[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [...ladders];
  return ladders.filter((ladder) => ladder.label.toLowerCase().includes(needle) || ladder.rungs.some((r) => r.modelId.toLowerCase().includes(needle)));
}
