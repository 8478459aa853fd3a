// Runs a comparison: the ticked variants one after another (baseline first, one GPU, no
// contention), each through runVariant, saving every RunResult and the baseline's distribution to
// IndexedDB. Cancel aborts the run and terminates the engine's worker so a kernel really stops.
import { runVariant, type BaselineState } from '../../core/compare/run-variant.ts';
import { validatePlan, type ComparePlan } from '../../core/compare/plan.ts';
import { backendOf, describeModel } from '../../core/engines/spec.ts';
import { describeDevice } from '../../core/device/describe.ts';
import type { RunResult } from '../../core/results/run-result.ts';
import { appStorage } from '../../lib/app-storage.ts';
import { engineFor, stopEngines } from '../../lib/engines/registry.ts';

import { describeError } from '../describe-error.ts';
import { applyPhase, applyProgress, newQueueItem, type QueueItem } from './compare-queue.ts';
import { device } from './device.svelte.ts';
import type { VariantOption } from '../../core/compare/variant-options.ts';

export class CompareRun {
  #queue = $state<QueueItem[]>([]);
  #running = $state(false);
  #error = $state<string | null>(null);
  #controller: AbortController | null = null;

  get queue(): QueueItem[] {
    return this.#queue;
  }
  get running(): boolean {
    return this.#running;
  }
  get error(): string | null {
    return this.#error;
  }

  readonly results: RunResult[] = $derived(this.#queue.flatMap((item) => (item.run ? [item.run] : [])));
  readonly baselineRunId: string | null = $derived(this.#queue.find((item) => item.isBaseline)?.run?.id ?? null);

  async start(options: VariantOption[], baselineKeyOfOption: string, plan: ComparePlan): Promise<void> {
    if (this.#running) return;
    this.#error = null;
    try {
      validatePlan(plan);
      if (options.length === 0) throw new Error('Tick at least one variant to compare.');
    } catch (error) {
      this.#error = describeError(error);
      return;
    }
    const capabilities = device.capabilities;
    if (!capabilities) return;
    const ordered = [...options].sort((a, b) => Number(b.key === baselineKeyOfOption) - Number(a.key === baselineKeyOfOption));
    this.#queue = ordered.map((o) => newQueueItem(o.key, `${o.row} · ${o.device}`, o.spec, o.recipe, o.key === baselineKeyOfOption));
    this.#controller = new AbortController();
    this.#running = true;
    const deviceDescription = describeDevice(capabilities);
    let baseline: BaselineState | null = null;
    try {
      const storage = await appStorage();
      for (const item of this.#queue) {
        const signal = this.#controller.signal;
        if (signal.aborted) {
          item.status = 'cancelled';
          continue;
        }
        item.status = 'running';
        // Plain copies: $state proxies cannot cross postMessage or go into IndexedDB.
        const spec = $state.snapshot(item.spec);
        const handle = engineFor(backendOf(spec.model));
        const outcome = await runVariant(handle.engine, spec, plan, {
          device: deviceDescription,
          baseline: item.isBaseline ? null : baseline,
          recipe: item.recipe,
          signal,
          onPhase: (phase, detail) => applyPhase(item, phase, detail.repeat, detail.repeats),
          onProgress: (progress) => applyProgress(item, progress),
        });
        await handle.engine.unload().catch(() => undefined);
        item.run = outcome.run;
        item.status = outcome.run.error ? (outcome.run.error.code === 'cancelled' ? 'cancelled' : 'failed') : 'done';
        await storage.putRuns([outcome.run]).catch((error: unknown) => {
          this.#error = `${describeError(error)} The run is shown here but was not saved to the history.`;
        });
        if (item.isBaseline && !outcome.run.error && outcome.run.load) {
          baseline = {
            runId: outcome.run.id, tokenizerKey: outcome.run.load.tokenizerKey, reference: outcome.reference, referenceFull: outcome.referenceFull,
            generation: outcome.generation, generationTexts: outcome.generationTexts,
          };
          if (outcome.reference && outcome.run.perplexity) {
            const perplexity = outcome.run.perplexity;
            await storage.putBaseline({
              model: describeModel(spec.model), tokenizerKey: perplexity.tokenizerKey, text: plan.referenceText,
              context: perplexity.context, stride: perplexity.stride, topK: plan.topK, method: perplexity.method, runId: outcome.run.id,
              tokenIds: new Int32Array(0), distribution: outcome.reference, ...(outcome.referenceFull ? { full: outcome.referenceFull } : {}),
            });
          }
        }
      }
    } catch (error) {
      this.#error = describeError(error);
    } finally {
      this.#running = false;
      this.#controller = null;
    }
  }

  cancel(): void {
    this.#controller?.abort();
    stopEngines();
  }

  clear(): void {
    if (!this.#running) this.#queue = [];
  }
}

export const compareRun = new CompareRun();
