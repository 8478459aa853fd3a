// One distillation run on the Distill page: drives the train worker, keeps the curves, held-out
// figures and samples as they stream in, saves every checkpoint to IndexedDB (a closed tab resumes
// from the last one) and exports the finished student as a stored Variant of its teacher.
import type { DistillCheckpoint, DistillStep } from '../../core/distill/distiller.ts';
import type { DistillProgress, HeldOutRecord } from '../../core/distill/run.ts';
import { appStorage } from '../../lib/app-storage.ts';
import { clearRun, saveRun, type SavedRun, type TrainClient } from '../../lib/distill/train-client.ts';
import type { DistillJob, DistillResult, DistillSample } from '../../workers/train.protocol.ts';

const FLUSH_MS = 750;

export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'error';

export class DistillRun {
  status = $state<RunStatus>('idle');
  statusText = $state('');
  steps = $state.raw<DistillStep[]>([]);
  heldOut = $state.raw<HeldOutRecord[]>([]);
  samples = $state.raw<DistillSample[]>([]);
  last = $state.raw<DistillProgress | null>(null);
  result = $state.raw<DistillResult | null>(null);
  error = $state<string | null>(null);
  backend = $state('');
  exportedId = $state<string | null>(null);
  #checkpoint: DistillCheckpoint | null = null;
  #job: Omit<DistillJob, 'teacher' | 'resume'> | null = null;
  #controller: AbortController | null = null;
  /** Steps not yet shown: the curves redraw at most every FLUSH_MS, not per step (no long tasks). */
  #pending: DistillProgress[] = [];
  #flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly id: string,
    readonly label: string,
    readonly client: TrainClient,
  ) {}

  get canResume(): boolean {
    return this.status === 'paused' && this.#checkpoint !== null;
  }

  get job(): Omit<DistillJob, 'teacher' | 'resume'> | null {
    return this.#job;
  }

  /** Shows a run saved by an earlier visit as paused, ready to resume. */
  restore(saved: SavedRun): void {
    this.#job = saved.job;
    this.#checkpoint = saved.checkpoint;
    this.steps = saved.checkpoint.history;
    this.status = 'paused';
    this.statusText = `Paused at step ${saved.checkpoint.step} of ${saved.checkpoint.options.steps} (saved ${saved.savedAt})`;
  }

  async start(job: Omit<DistillJob, 'teacher' | 'resume'>, teacher: Record<string, Uint8Array>): Promise<void> {
    this.#job = job;
    this.#checkpoint = null;
    this.steps = [];
    this.heldOut = [];
    this.samples = [];
    this.result = null;
    this.exportedId = null;
    await this.#run(teacher);
  }

  async resume(teacher: Record<string, Uint8Array>): Promise<void> {
    if (!this.#job || !this.#checkpoint) return;
    await this.#run(teacher, this.#checkpoint);
  }

  async #run(teacher: Record<string, Uint8Array>, resume?: DistillCheckpoint): Promise<void> {
    const job = this.#job!;
    this.status = 'running';
    this.error = null;
    this.#controller = new AbortController();
    try {
      // The teacher's bytes are copied per run: the worker keeps its own.
      const files = Object.fromEntries(Object.entries(teacher).map(([k, v]) => [k, v.slice()]));
      const result = await this.client.distill({ ...job, teacher: files, ...(resume ? { resume } : {}) }, (event) => void this.#onEvent(event), this.#controller.signal);
      if (this.#flushTimer) {
        clearTimeout(this.#flushTimer);
        this.#flush();
      }
      this.result = result;
      this.status = result.summary.cancelled ? 'paused' : 'done';
      this.statusText = result.summary.cancelled ? `Paused at step ${result.summary.steps}; resume continues from the saved checkpoint.` : `Done: ${result.summary.steps} steps.`;
      if (!result.summary.cancelled) await clearRun(await appStorage(), this.id);
    } catch (error) {
      this.status = this.#checkpoint ? 'paused' : 'error';
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#controller = null;
    }
  }

  async #onEvent(event: Parameters<Parameters<TrainClient['distill']>[1]>[0]): Promise<void> {
    if (event.kind === 'status') {
      this.statusText = event.text;
      if (event.backend) this.backend = event.backend;
    } else if (event.kind === 'step') {
      this.#pending.push(event.progress);
      this.#flushTimer ??= setTimeout(() => this.#flush(), FLUSH_MS);
    } else if (event.kind === 'held-out') this.heldOut = [...this.heldOut, event.record];
    else if (event.kind === 'sample') this.samples = [...this.samples, event.sample];
    else if (event.kind === 'checkpoint') {
      this.#checkpoint = event.checkpoint;
      await saveRun(await appStorage(), { id: this.id, label: this.label, job: this.#job!, checkpoint: event.checkpoint, savedAt: new Date().toISOString() });
    }
  }

  #flush(): void {
    this.#flushTimer = null;
    if (this.#pending.length === 0) return;
    this.last = this.#pending.at(-1)!;
    this.steps = [...this.steps, ...this.#pending];
    this.#pending = [];
  }

  /** Stops after the current step; the worker sends a final checkpoint first. */
  pause(): void {
    this.#controller?.abort();
  }

  /** Stops and forgets the run, including its saved checkpoint. */
  async cancel(): Promise<void> {
    this.#controller?.abort();
    this.status = 'idle';
    this.statusText = 'Cancelled.';
    this.#checkpoint = null;
    await clearRun(await appStorage(), this.id);
  }

  /** Stores the finished student as a Variant of the teacher (it carries its own config.json). */
  async exportVariant(teacherId: string, teacherName: string): Promise<string> {
    const folder = this.result?.folder;
    if (!folder || !this.#job) throw new Error('Only a finished run can be exported.');
    const { alpha, temperature, steps } = this.#job.options;
    const summary = `distilled student, alpha ${alpha}, T ${temperature}, ${steps} steps`;
    const id = `variant-${globalThis.crypto.randomUUID()}`;
    const storage = await appStorage();
    await storage.putVariant(
      {
        id, name: `${teacherName} · ${this.label} (${summary})`, baseModel: { source: 'demo-pack', modelId: teacherId }, recipe: { kind: 'distill', options: this.#job.options },
        recipeSummary: summary, createdAt: new Date().toISOString(),
        metadata: { distill: { heldOut: this.heldOut.at(-1) ?? null, tokensPerSecond: this.result?.summary.tokensPerSecond, backend: this.backend } },
      },
      [
        { name: 'model.onnx', role: 'model', bytes: folder['onnx/model.onnx']! },
        { name: 'config.json', role: 'other', bytes: folder['config.json']! },
        { name: 'generation_config.json', role: 'other', bytes: folder['generation_config.json']! },
      ],
    );
    this.exportedId = id;
    return id;
  }
}
