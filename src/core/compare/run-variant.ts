// Runs one variant of a comparison through any `Engine`: load, one warm-up and N timed generations
// (the plan's sampling settings, same prompt and seed for every variant; nothing but inference is
// timed), then the untimed quality passes: one greedy generation with per-token log-probs (greedy
// agreement with the baseline) and the teacher-forced scoring of the reference text (perplexity by
// the plan's method, full-vocabulary KLD against the baseline). Returns a `RunResult` even when a
// phase fails: figures gathered before the failure stay.
import { isCancelled, LabError, throwIfCancelled } from '../errors.ts';
import { describeSampling, resolveSampling } from '../engines/generation-options.ts';
import type { Engine, GenerateOptions, GenerationReport, LoadReport, ProgressCallback, ScoreResult, TokenCallback, VariantSpec } from '../engines/types.ts';
import { compareGreedyGeneration, type GenerationComparison } from '../metrics/generation-comparison.ts';
import type { LogProbTable } from '../metrics/log-prob-table.ts';
import { perplexityFromDistribution } from '../metrics/perplexity.ts';
import { exactQuality } from '../metrics/quality.ts';
import { compareTokenTextGeneration, type TokenTextRow } from '../metrics/token-text-comparison.ts';
import type { TopKDistribution } from '../metrics/top-k.ts';
import { describeVariant, summarizeGeneration, summarizeGenerations } from '../results/build.ts';
import { newRunId, type DeviceDescription, type RunResult } from '../results/run-result.ts';
import { samplingOptions, type ComparePlan } from './plan.ts';

/** What the baseline run leaves for the variants after it. */
export interface BaselineState {
  runId: string;
  tokenizerKey: string;
  /** Teacher-forced top-k rows of the reference text. */
  reference: TopKDistribution | null;
  /** The same positions' full distributions (compact), for full-vocabulary KLD; null when not kept. */
  referenceFull?: LogProbTable | null;
  /** The baseline's greedy generation with its per-token top-k (engines that report ids). */
  generation: TopKDistribution | null;
  /** The baseline's greedy generation as token texts with top-n log-probs (web-llm). */
  generationTexts?: readonly TokenTextRow[] | null;
}

export type VariantPhase = 'load' | 'warm-up' | 'generate' | 'score' | 'done';

export interface RunVariantOptions {
  device: DeviceDescription;
  baseline: BaselineState | null;
  recipe?: string | null;
  /** Keep the full distributions of the reference text (to serve as the baseline). Default: when `baseline` is null. */
  keepFull?: boolean;
  signal?: AbortSignal;
  onPhase?: (phase: VariantPhase, detail: { repeat?: number; repeats?: number }) => void;
  onProgress?: ProgressCallback;
  onToken?: TokenCallback;
}

export interface VariantOutcome {
  run: RunResult;
  /** This run's teacher-forced distribution, its full table, and greedy generation, for use as a baseline. */
  reference: TopKDistribution | null;
  referenceFull: LogProbTable | null;
  generation: TopKDistribution | null;
  generationTexts: readonly TokenTextRow[] | null;
}

/** Warm-up plus timed runs: the plan's sampling, no log-probs recorded, so only inference is timed. */
async function generateTimed(engine: Engine, plan: ComparePlan, options: RunVariantOptions): Promise<GenerationReport[]> {
  const reports: GenerationReport[] = [];
  const generateOptions: GenerateOptions = { ...samplingOptions(plan), maxNewTokens: plan.maxNewTokens, ignoreEos: engine.capabilities.fixedLength, signal: options.signal };
  for (let i = 0; i <= plan.repeats; i++) {
    throwIfCancelled(options.signal);
    options.onPhase?.(i === 0 ? 'warm-up' : 'generate', { repeat: i, repeats: plan.repeats });
    const report = await engine.generate(plan.prompt, generateOptions, i === 1 ? options.onToken : undefined);
    if (report.finishReason === 'cancelled') throwIfCancelled(options.signal);
    reports.push(report);
  }
  return reports;
}

/** The untimed greedy generation whose tokens and log-probs the quality comparisons use. */
async function generateGreedy(engine: Engine, plan: ComparePlan, options: RunVariantOptions): Promise<GenerationReport> {
  const topLogProbs = Math.min(engine.capabilities.maxTopLogProbs, plan.topK);
  const report = await engine.generate(plan.prompt, { maxNewTokens: plan.maxNewTokens, ignoreEos: engine.capabilities.fixedLength, topLogProbs, signal: options.signal });
  if (report.finishReason === 'cancelled') throwIfCancelled(options.signal);
  return report;
}

function tokenTextsOf(report: GenerationReport): readonly TokenTextRow[] | null {
  const rows = (report as { tokenTopLogProbs?: readonly TokenTextRow[] }).tokenTopLogProbs;
  return rows && rows.length > 0 ? rows : null;
}

/** Greedy agreement (and a top-K KLD bound) against the baseline's greedy output, by ids or by token texts. */
function compareGenerations(baseline: BaselineState, greedy: GenerationReport, vocabSize: number): GenerationComparison | null {
  if (baseline.generation && greedy.tokenIds) return compareGreedyGeneration(baseline.generation, greedy.tokenIds, greedy.tokenLogProbs);
  const texts = tokenTextsOf(greedy);
  if (baseline.generationTexts && texts) return compareTokenTextGeneration(baseline.generationTexts, texts, vocabSize);
  return null;
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
  const outcome: VariantOutcome = { run, reference: null, referenceFull: null, generation: null, generationTexts: null };
  const baseline = options.baseline;
  try {
    options.onPhase?.('load', {});
    const load: LoadReport = await engine.load(spec, options.onProgress, options.signal);
    run.load = load;
    run.variant = describeVariant(spec, load, options.recipe ?? null);

    const reports = await generateTimed(engine, plan, options);
    const timed = reports[1] ?? reports[0]!;
    run.generation = { ...summarizeGeneration(timed), sampling: describeSampling(resolveSampling(samplingOptions(plan))) };
    run.outputText = timed.text;
    run.latency = summarizeGenerations(reports, 1);

    options.onPhase?.('score', {});
    const greedy = await generateGreedy(engine, plan, options);
    outcome.generation = greedy.tokenLogProbs ?? null;
    outcome.generationTexts = tokenTextsOf(greedy);
    const comparable = baseline !== null && baseline.tokenizerKey === load.tokenizerKey;
    const generated = comparable ? compareGenerations(baseline, greedy, load.vocabSize) : null;
    if (generated && comparable) run.greedyAgreement = { ...generated.agreement, baselineRunId: baseline.runId };

    if (plan.referenceText.trim() && engine.capabilities.forcedScoring) {
      const against = comparable && baseline.reference ? { baseline: baseline.reference, ...(baseline.referenceFull ? { baselineFull: baseline.referenceFull } : {}) } : {};
      const score: ScoreResult = await engine.score(
        plan.referenceText,
        { context: Math.min(plan.context, load.maxContext), method: plan.pplMethod ?? 'strided', stride: plan.stride, topK: plan.topK, keepFull: options.keepFull ?? baseline === null, ...against, signal: options.signal },
        options.onProgress,
      );
      outcome.reference = score.distribution;
      outcome.referenceFull = score.full ?? null;
      run.perplexity = { ...perplexityFromDistribution(score.distribution), context: score.context, stride: score.stride, method: score.method, tokenizerKey: score.tokenizerKey, quality: exactQuality('forced-full-logits') };
      if (score.comparison && baseline) run.comparison = { ...score.comparison, baselineRunId: baseline.runId };
    } else if (generated?.comparison && baseline) {
      run.comparison = { ...generated.comparison, baselineRunId: baseline.runId };
    }
    options.onPhase?.('done', {});
  } catch (error) {
    run.error = isCancelled(error)
      ? { code: 'cancelled', message: 'Cancelled before this variant finished.' }
      : { code: error instanceof LabError ? error.code : 'internal', message: error instanceof Error ? error.message : String(error) };
  }
  return outcome;
}
