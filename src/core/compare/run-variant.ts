// Runs one variant of a comparison through any `Engine`: load, one warm-up and N timed greedy
// generations, teacher-forced scoring of the reference text, and the comparison against the
// baseline. Returns a `RunResult` even when a phase fails: figures gathered before the failure stay.
import { isCancelled, LabError, throwIfCancelled } from '../errors.ts';
import type { Engine, GenerationReport, LoadReport, ProgressCallback, ScoreResult, TokenCallback, VariantSpec } from '../engines/types.ts';
import { compareGreedyGeneration } from '../metrics/generation-comparison.ts';
import { perplexityFromDistribution } from '../metrics/perplexity.ts';
import { exactQuality } from '../metrics/quality.ts';
import type { TopKDistribution } from '../metrics/top-k.ts';
import { describeVariant, summarizeGeneration, summarizeGenerations } from '../results/build.ts';
import { newRunId, type DeviceDescription, type RunResult } from '../results/run-result.ts';
import type { ComparePlan } from './plan.ts';

/** What the baseline run leaves for the variants after it. */
export interface BaselineState {
  runId: string;
  tokenizerKey: string;
  /** Teacher-forced top-k rows of the reference text (exact comparisons). */
  reference: TopKDistribution | null;
  /** The baseline's greedy generation with its per-token top-k (approximate comparisons). */
  generation: TopKDistribution | null;
}

export type VariantPhase = 'load' | 'warm-up' | 'generate' | 'score' | 'done';

export interface RunVariantOptions {
  device: DeviceDescription;
  baseline: BaselineState | null;
  recipe?: string | null;
  signal?: AbortSignal;
  onPhase?: (phase: VariantPhase, detail: { repeat?: number; repeats?: number }) => void;
  onProgress?: ProgressCallback;
  onToken?: TokenCallback;
}

export interface VariantOutcome {
  run: RunResult;
  /** This run's teacher-forced distribution and greedy generation, for use as a baseline. */
  reference: TopKDistribution | null;
  generation: TopKDistribution | null;
}

async function generateAll(engine: Engine, plan: ComparePlan, options: RunVariantOptions): Promise<GenerationReport[]> {
  const reports: GenerationReport[] = [];
  const topLogProbs = Math.min(engine.capabilities.maxTopLogProbs, plan.topK);
  for (let i = 0; i <= plan.repeats; i++) {
    throwIfCancelled(options.signal);
    options.onPhase?.(i === 0 ? 'warm-up' : 'generate', { repeat: i, repeats: plan.repeats });
    const report = await engine.generate(
      plan.prompt,
      { maxNewTokens: plan.maxNewTokens, sampling: { kind: 'greedy' }, ignoreEos: engine.capabilities.fixedLength, topLogProbs, signal: options.signal },
      i === 1 ? options.onToken : undefined,
    );
    if (report.finishReason === 'cancelled') throwIfCancelled(options.signal);
    reports.push(report);
  }
  return reports;
}

export async function runVariant(engine: Engine, spec: VariantSpec, plan: ComparePlan, options: RunVariantOptions): Promise<VariantOutcome> {
  const run: RunResult = {
    id: newRunId(),
    createdAt: new Date().toISOString(),
    variant: describeVariant(spec, null, options.recipe ?? null),
    device: options.device,
    prompt: typeof plan.prompt === 'string' ? plan.prompt : plan.prompt.map((m) => `${m.role}: ${m.content}`).join('\n'),
    load: null,
    generation: null,
    latency: null,
    perplexity: null,
    comparison: null,
    greedyAgreement: null,
    outputText: '',
    error: null,
  };
  let reference: TopKDistribution | null = null;
  let generation: TopKDistribution | null = null;
  const baseline = options.baseline;
  try {
    options.onPhase?.('load', {});
    const load: LoadReport = await engine.load(spec, options.onProgress, options.signal);
    run.load = load;
    run.variant = describeVariant(spec, load, options.recipe ?? null);

    const reports = await generateAll(engine, plan, options);
    const timed = reports[1] ?? reports[0]!;
    run.generation = summarizeGeneration(timed);
    run.outputText = timed.text;
    run.latency = summarizeGenerations(reports, 1);
    generation = timed.tokenLogProbs ?? null;

    const comparable = baseline !== null && baseline.tokenizerKey === load.tokenizerKey;
    if (plan.referenceText.trim() && engine.capabilities.forcedScoring) {
      options.onPhase?.('score', {});
      const score: ScoreResult = await engine.score(
        plan.referenceText,
        { context: Math.min(plan.context, load.maxContext), stride: plan.stride, topK: plan.topK, baseline: comparable ? baseline.reference ?? undefined : undefined, signal: options.signal },
        options.onProgress,
      );
      reference = score.distribution;
      run.perplexity = { ...perplexityFromDistribution(score.distribution), context: score.context, stride: score.stride, tokenizerKey: score.tokenizerKey, quality: exactQuality('forced-full-logits') };
      if (score.comparison && baseline) run.comparison = { ...score.comparison, baselineRunId: baseline.runId };
    } else if (comparable && baseline.generation && timed.tokenIds) {
      const approximate = compareGreedyGeneration(baseline.generation, timed.tokenIds, timed.tokenLogProbs);
      run.greedyAgreement = { ...approximate.agreement, baselineRunId: baseline.runId };
      if (approximate.comparison) run.comparison = { ...approximate.comparison, baselineRunId: baseline.runId };
    }
    if (comparable && baseline.generation && timed.tokenIds && !run.greedyAgreement) {
      const agreement = compareGreedyGeneration(baseline.generation, timed.tokenIds).agreement;
      run.greedyAgreement = { ...agreement, baselineRunId: baseline.runId };
    }
    options.onPhase?.('done', {});
  } catch (error) {
    run.error = isCancelled(error)
      ? { code: 'cancelled', message: 'Cancelled before this variant finished.' }
      : { code: error instanceof LabError ? error.code : 'internal', message: error instanceof Error ? error.message : String(error) };
  }
  return { run, reference, generation };
}
