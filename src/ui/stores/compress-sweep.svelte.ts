// Sweeps on the Compress page: one method at several strengths. The original model is scored once on
// the reference text (its top-k distribution reused from IndexedDB when a matching baseline is stored,
// else stored); then each point is compressed in a compress worker, stored as a variant (the ONNX
// engine loads variants by id; marked `metadata.sweep`, deleted after scoring unless kept), loaded and
// scored against the baseline for perplexity, KL divergence and same top-1. The engine is an isolated
// instance (its own onnx-engine worker), so Compare's and the self-test's workers are untouched.
import { summarizeRecipe } from '../../core/compress/recipe.ts';
import { SWEEP_KINDS, planSweep, splitForCalibration, type SizeAxis, type SweepKind, type SweepMeasurement, type SweepPoint } from '../../core/compress-ui/sweep-plan.ts';
import { describeModel } from '../../core/engines/spec.ts';
import type { Device, EngineProgress, ModelSpec, OnnxModelRef } from '../../core/engines/types.ts';
import { InvalidArgumentError, isCancelled } from '../../core/errors.ts';
import { perplexityFromDistribution } from '../../core/metrics/perplexity.ts';
import type { TopKDistribution } from '../../core/metrics/top-k.ts';
import { appStorage } from '../../lib/app-storage.ts';
import { OnnxWorkerEngine } from '../../lib/engines/onnx/index.ts';
import { baselineKey } from '../../lib/storage/baselines.ts';
import type { LabStorage } from '../../lib/storage/lab-storage.ts';
import { CompressClient } from '../../lib/workers/compress-client.ts';
import { OnnxEngineClient } from '../../lib/workers/onnx-engine-client.ts';
import { describeError } from '../describe-error.ts';
import { compressModel, type LoadedModel } from './compress-model.svelte.ts';

export interface SweepRow extends SweepMeasurement {
  index: number;
  strength: number;
  recipeSummary: string;
  status: 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';
  error: string | null;
  /** Set while the point's variant is stored (kept when "save each point" is ticked). */
  variantId: string | null;
}

export interface SweepBaseline {
  perplexity: number;
  bytes: number;
  /** True when the distribution came from a stored baseline instead of scoring the original again. */
  reused: boolean;
}

/** Scoring as Compare does it: 128-token windows, half-window stride, top-64 per position. */
const SCORING = { context: 128, topK: 64 };
const CALIBRATION_BATCHES = 16;

interface Session {
  loaded: LoadedModel;
  base: OnnxModelRef;
  /** What each point is scored on; Wanda sweeps calibrate on the other half of the reference text. */
  text: string;
  calibrationText: string;
  tokenizerJson: unknown;
  storage: LabStorage;
  engine: OnnxWorkerEngine;
  compressor: CompressClient;
  signal: AbortSignal;
  sweepId: string;
}

export class CompressSweepStore {
  kind = $state<SweepKind>('magnitude');
  strengths = $state(SWEEP_KINDS.magnitude.defaults);
  device = $state<Device>('wasm');
  keepVariants = $state(false);
  sizeAxis = $state<SizeAxis>('gzip');
  #rows = $state<SweepRow[]>([]);
  #baseline = $state<SweepBaseline | null>(null);
  #status = $state<'idle' | 'running' | 'done' | 'cancelled' | 'failed'>('idle');
  #progress = $state<{ fraction: number; text: string } | null>(null);
  #error = $state<string | null>(null);
  #storedSweepVariants = $state(0);
  #controller: AbortController | null = null;
  #stop: (() => void) | null = null;

  get rows() { return this.#rows; }
  get baseline() { return this.#baseline; }
  get status() { return this.#status; }
  get progress() { return this.#progress; }
  get error() { return this.#error; }
  get storedSweepVariants() { return this.#storedSweepVariants; }
  readonly running = $derived(this.#status === 'running');
  readonly plan: { points: SweepPoint[]; error: null } | { points: null; error: string } = $derived.by(() => {
    try {
      return { points: planSweep(this.kind, this.strengths), error: null };
    } catch (error) {
      return { points: null, error: describeError(error) };
    }
  });
  readonly measured: SweepRow[] = $derived(this.#rows.filter((row) => row.status === 'done'));

  setKind(kind: SweepKind): void {
    this.kind = kind;
    this.strengths = SWEEP_KINDS[kind].defaults;
    this.sizeAxis = SWEEP_KINDS[kind].gzipAxis ? 'gzip' : 'bytes';
  }

  async #session(signal: AbortSignal): Promise<Session> {
    const loaded = compressModel.loaded;
    const base = compressModel.baseModel;
    const text = compressModel.referenceText;
    if (!loaded) throw new InvalidArgumentError('Load a model first.');
    if (!text) throw new InvalidArgumentError('A sweep scores each point on a reference text: paste one under Load a model.');
    if (!base) throw new InvalidArgumentError('A sweep scores each point with the ONNX engine, which reads the tokenizer and config of a base model: name it under Load a model.');
    const companions = await compressModel.companions(signal);
    if (SWEEP_KINDS[this.kind].calibrates && !companions?.tokenizerJson) throw new InvalidArgumentError('Wanda calibrates on the reference text and needs the model\'s tokenizer.json; drop it with the model or name its base model.');
    const engineClient = new OnnxEngineClient();
    const compressor = new CompressClient(engineClient);
    this.#stop = () => {
      compressor.stop();
      engineClient.stop();
    };
    const split = SWEEP_KINDS[this.kind].calibrates ? splitForCalibration(text) : { calibration: '', scoring: text };
    return {
      loaded, base, text: split.scoring, calibrationText: split.calibration, tokenizerJson: companions?.tokenizerJson ?? null,
      storage: await appStorage(), engine: new OnnxWorkerEngine({ client: engineClient }), compressor, signal, sweepId: globalThis.crypto.randomUUID(),
    };
  }

  #report(step: number, steps: number, fraction: number, text: string): void {
    this.#progress = { fraction: (step + Math.min(1, Math.max(0, fraction))) / steps, text };
  }

  /** The original model's distribution on the text: a stored baseline when one matches, else scored and stored. */
  async #scoreOriginal(s: Session, steps: number): Promise<TopKDistribution> {
    const { loaded, storage, engine, signal } = s;
    let spec: ModelSpec;
    let model: string;
    let temporary: string | null = null;
    if (loaded.origin.kind === 'demo') {
      spec = { source: 'demo-pack', modelId: loaded.origin.entry.id, dtype: 'fp32' };
      model = describeModel(spec);
    } else {
      temporary = await this.#store(s, null, { version: 1, steps: [] }, 'original', { model: loaded.model, externalData: loaded.externalData, support: null });
      spec = { source: 'stored-variant', variantId: temporary };
      model = `${loaded.origin.kind}:${loaded.label}:${loaded.bytes}`;
    }
    try {
      const onProgress = (p: EngineProgress) => this.#report(0, steps, p.fraction ?? 0, `Original model: ${p.text}`);
      const load = await engine.load({ model: spec, device: this.device }, onProgress, signal);
      const context = Math.min(SCORING.context, load.maxContext);
      const key = baselineKey({ model, tokenizerKey: load.tokenizerKey, text: s.text, context, stride: context / 2, topK: SCORING.topK });
      const stored = await storage.getBaseline(key);
      let reference = stored?.distribution;
      if (!reference || reference.rows === 0) {
        const score = await engine.score(s.text, { context, stride: context / 2, topK: SCORING.topK, signal }, onProgress);
        reference = score.distribution;
        await storage.putBaseline({ model, tokenizerKey: score.tokenizerKey, text: s.text, context: score.context, stride: score.stride, topK: SCORING.topK, runId: null, tokenIds: score.tokenIds, distribution: reference });
      }
      this.#baseline = { perplexity: perplexityFromDistribution(reference).value, bytes: loaded.bytes, reused: stored !== undefined && stored.distribution.rows > 0 };
      await engine.unload();
      return reference;
    } finally {
      if (temporary) await storage.delete('variant', temporary);
    }
  }

  /** Stores bytes as a variant marked as part of this sweep; returns its id. */
  async #store(s: Session, row: SweepRow | null, recipe: SweepPoint['recipe'], summary: string, files: { model: Uint8Array; externalData: { path: string; data: Uint8Array }[]; support: unknown }): Promise<string> {
    const id = `variant-${globalThis.crypto.randomUUID()}`;
    await s.storage.putVariant(
      {
        id, name: `${s.loaded.label} · ${summary} (sweep)`, baseModel: s.base, recipe, recipeSummary: summary, createdAt: new Date().toISOString(),
        metadata: { sweep: { id: s.sweepId, kind: this.kind, strength: row?.strength ?? null }, ...(files.support ? { support: files.support } : {}) },
      },
      [{ name: 'model.onnx', role: 'model', bytes: files.model }, ...files.externalData.map((file) => ({ name: file.path, role: 'external-data' as const, bytes: file.data }))],
    );
    return id;
  }

  async #runPoint(s: Session, point: SweepPoint, row: SweepRow, reference: TopKDistribution, steps: number): Promise<void> {
    const step = point.index + 1;
    const calibration = SWEEP_KINDS[this.kind].calibrates ? { kind: 'text' as const, text: s.calibrationText, name: 'first half of the reference text', tokenizerJson: s.tokenizerJson, sequenceLength: 128, maxBatches: CALIBRATION_BATCHES } : undefined;
    const job = { model: s.loaded.model.slice(), externalData: s.loaded.externalData.map((f) => ({ path: f.path, data: f.data.slice() })), recipe: point.recipe, ...(calibration ? { calibration } : {}) };
    const result = await s.compressor.run(job, {
      signal: s.signal,
      onProgress: (p) => this.#report(step, steps, p.phase === 'compress' ? (0.5 * p.done) / Math.max(1, p.total) : 0, `${point.label}: ${p.text}`),
    });
    row.variantId = await this.#store(s, row, point.recipe, row.recipeSummary, { ...result, support: result.report.support });
    const onProgress = (p: EngineProgress) => this.#report(step, steps, 0.5 + 0.5 * (p.fraction ?? 0), `${point.label}: ${p.text}`);
    const context = Math.min(SCORING.context, (await s.engine.load({ model: { source: 'stored-variant', variantId: row.variantId }, device: this.device }, onProgress, s.signal)).maxContext);
    const score = await s.engine.score(s.text, { context, stride: context / 2, topK: SCORING.topK, baseline: reference, signal: s.signal }, onProgress);
    await s.engine.unload();
    if (!score.comparison) throw new InvalidArgumentError('The scored point has no comparison with the original (different tokenizer?).');
    Object.assign(row, {
      bytes: result.report.output.bytes, gzipBytes: result.report.output.gzipBytes, perplexity: perplexityFromDistribution(score.distribution).value,
      kld: score.comparison.kld.mean, sameTop1: score.comparison.sameTop1.fraction, status: 'done',
    });
  }

  async run(): Promise<void> {
    const points = this.plan.points;
    if (this.running || !points) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.#status = 'running';
    this.#error = null;
    this.#baseline = null;
    this.#rows = points.map((p) => ({ index: p.index, strength: p.strength, label: p.label, recipeSummary: summarizeRecipe(p.recipe), status: 'waiting', error: null, variantId: null, bytes: 0, gzipBytes: null, perplexity: Number.NaN, kld: Number.NaN, sameTop1: Number.NaN }));
    let session: Session | null = null;
    try {
      session = await this.#session(controller.signal);
      const reference = await this.#scoreOriginal(session, points.length + 1);
      for (const point of points) {
        const row: SweepRow = this.#rows[point.index]!;
        row.status = 'running';
        try {
          await this.#runPoint(session, point, row, reference, points.length + 1);
        } finally {
          // #runPoint sets status 'done' on success; a stored point that failed is never kept.
          if (row.variantId && (!this.keepVariants || (row.status as SweepRow['status']) !== 'done')) {
            await session.storage.delete('variant', row.variantId);
            row.variantId = null;
          }
        }
      }
      this.#status = 'done';
    } catch (error) {
      const cancelled = isCancelled(error);
      this.#status = cancelled ? 'cancelled' : 'failed';
      for (const row of this.#rows) if (row.status === 'running') Object.assign(row, { status: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : describeError(error) });
      if (!cancelled) this.#error = describeError(error);
    } finally {
      this.#stop?.();
      this.#stop = null;
      this.#controller = null;
      this.#progress = null;
      await this.refreshStored();
    }
  }

  /** Stops the sweep at once: its compress and onnx-engine workers are terminated. */
  cancel(): void {
    this.#controller?.abort();
    this.#stop?.();
  }

  async refreshStored(): Promise<void> {
    const storage = await appStorage();
    this.#storedSweepVariants = (await storage.listVariants()).filter((v) => v.metadata.sweep !== undefined).length;
  }

  /** Deletes every stored variant a sweep made (kept points, and leftovers of an interrupted sweep). */
  async deleteSweepVariants(): Promise<void> {
    try {
      const storage = await appStorage();
      for (const variant of await storage.listVariants()) if (variant.metadata.sweep !== undefined) await storage.delete('variant', variant.id);
      for (const row of this.#rows) row.variantId = null;
    } catch (error) {
      this.#error = describeError(error);
    } finally {
      await this.refreshStored();
    }
  }
}

export const compressSweep = new CompressSweepStore();
