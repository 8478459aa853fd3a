// The queue items of a comparison: one per ticked variant, with the progress bars the page shows.
import type { EngineProgress, VariantSpec } from '../../core/engines/types.ts';
import type { VariantPhase } from '../../core/compare/run-variant.ts';
import type { RunResult } from '../../core/results/run-result.ts';

export type QueueStatus = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

export interface QueueItem {
  key: string;
  label: string;
  spec: VariantSpec;
  recipe: string | null;
  isBaseline: boolean;
  status: QueueStatus;
  phase: VariantPhase | null;
  /** 0..1 per bar; null until the phase starts. */
  download: number | null;
  load: number | null;
  generate: number | null;
  detail: string;
  run: RunResult | null;
}

export function newQueueItem(key: string, label: string, spec: VariantSpec, recipe: string | null, isBaseline: boolean): QueueItem {
  return { key, label, spec, recipe, isBaseline, status: 'waiting', phase: null, download: null, load: null, generate: null, detail: '', run: null };
}

/** Applies an engine progress event to the item's bars. */
export function applyProgress(item: QueueItem, progress: EngineProgress): void {
  const fraction = progress.fraction ?? (progress.totalBytes ? (progress.loadedBytes ?? 0) / progress.totalBytes : null);
  item.detail = progress.text;
  if (progress.phase === 'download') item.download = fraction ?? item.download ?? 0;
  else if (progress.phase === 'load' || progress.phase === 'compile') {
    item.download ??= 1;
    item.load = fraction ?? item.load ?? 0;
  } else if (progress.phase === 'score' && fraction !== null) item.generate = fraction;
}

/** Generation-phase progress: warm-up plus timed repeats, then scoring. */
export function applyPhase(item: QueueItem, phase: VariantPhase, repeat = 0, repeats = 1): void {
  item.phase = phase;
  if (phase === 'warm-up' || phase === 'generate') {
    item.download ??= 1;
    item.load = 1;
    item.generate = repeat / (repeats + 2);
    item.detail = phase === 'warm-up' ? 'Warm-up generation' : `Timed generation ${repeat} of ${repeats}`;
  } else if (phase === 'score') {
    item.generate = (repeats + 1) / (repeats + 2);
    item.detail = 'Scoring the reference text';
  } else if (phase === 'done') item.generate = 1;
}
