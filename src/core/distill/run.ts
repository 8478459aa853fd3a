// The training loop around a Distiller: steps until the budget is spent or the signal aborts,
// held-out figures every `evalEvery` steps, a checkpoint every `checkpointEvery` steps and at the
// end (also on pause/cancel, so nothing trained is lost), throughput and ETA. It yields to the event
// loop between steps so a worker stays responsive to pause and cancel messages.
import { CancelledError } from '../errors.ts';
import type { DistillCheckpoint, DistillStep, Distiller } from './distiller.ts';
import type { HeldOutEvaluator, HeldOutFigures } from './held-out.ts';

export interface DistillProgress extends DistillStep {
  tokensPerSecond: number;
  stepsPerSecond: number;
  etaMs: number;
  /** Bytes of cached teacher logits (transfer set + held-out windows). */
  teacherCacheBytes: number;
}

export interface HeldOutRecord extends HeldOutFigures {
  step: number;
}

export interface RunHooks {
  signal?: AbortSignal;
  heldOut?: HeldOutEvaluator;
  evalEvery?: number;
  checkpointEvery?: number;
  onProgress?: (progress: DistillProgress) => void;
  onHeldOut?: (record: HeldOutRecord) => void | Promise<void>;
  onCheckpoint?: (checkpoint: DistillCheckpoint) => void | Promise<void>;
  now?: () => number;
}

export interface RunSummary {
  steps: number;
  /** Steps trained in this call (a resumed run counts only its own). */
  trainedSteps: number;
  /** Time spent in training steps (evaluation and checkpoints excluded). */
  elapsedMs: number;
  tokensPerSecond: number;
  stepsPerSecond: number;
  final: DistillStep | undefined;
  heldOut: HeldOutRecord[];
  cancelled: boolean;
}

export async function runDistillation(distiller: Distiller, hooks: RunHooks = {}): Promise<RunSummary> {
  const now = hooks.now ?? (() => performance.now());
  const startStep = distiller.step;
  const startTokens = distiller.history.at(-1)?.tokensSeen ?? 0;
  const evalEvery = hooks.evalEvery ?? 0;
  const checkpointEvery = hooks.checkpointEvery ?? 0;
  const heldOut: HeldOutRecord[] = [];
  const measure = async (): Promise<void> => {
    if (!hooks.heldOut) return;
    const record = { step: distiller.step, ...(await hooks.heldOut.evaluate((batch) => distiller.studentLogits(batch))) };
    heldOut.push(record);
    await hooks.onHeldOut?.(record);
  };
  // Throughput counts training time only (teacher logits included), not held-out evaluation.
  let trainMs = 0;
  const rates = (): { elapsedMs: number; tokensPerSecond: number; stepsPerSecond: number } => {
    const elapsedMs = Math.max(1e-3, trainMs);
    const tokens = (distiller.history.at(-1)?.tokensSeen ?? 0) - startTokens;
    return { elapsedMs, tokensPerSecond: (tokens * 1000) / elapsedMs, stepsPerSecond: ((distiller.step - startStep) * 1000) / elapsedMs };
  };
  let cancelled = false;
  if (startStep === 0 && evalEvery > 0) await measure();
  while (!distiller.done) {
    if (hooks.signal?.aborted) {
      cancelled = true;
      break;
    }
    const stepStart = now();
    const step = await distiller.trainStep();
    trainMs += now() - stepStart;
    const { tokensPerSecond, stepsPerSecond } = rates();
    const etaMs = stepsPerSecond > 0 ? ((step.steps - step.step) / stepsPerSecond) * 1000 : Infinity;
    const teacherCacheBytes = distiller.cache.bytes + (hooks.heldOut?.bytes ?? 0);
    hooks.onProgress?.({ ...step, tokensPerSecond, stepsPerSecond, etaMs, teacherCacheBytes });
    if (evalEvery > 0 && (step.step % evalEvery === 0 || distiller.done)) await measure();
    if (checkpointEvery > 0 && step.step % checkpointEvery === 0 && !distiller.done) await hooks.onCheckpoint?.(distiller.checkpoint());
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (distiller.step > startStep || cancelled) await hooks.onCheckpoint?.(distiller.checkpoint());
  const { elapsedMs, tokensPerSecond, stepsPerSecond } = rates();
  return { steps: distiller.step, trainedSteps: distiller.step - startStep, elapsedMs, tokensPerSecond, stepsPerSecond, final: distiller.history.at(-1), heldOut, cancelled };
}

/** For callers that treat a cancelled run as an error. */
export function throwIfRunCancelled(summary: RunSummary): void {
  if (summary.cancelled) throw new CancelledError('The distillation was paused or cancelled; its checkpoint was saved.');
}
