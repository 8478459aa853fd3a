// The Distill page's state: the settings, the teacher from the demo pack, the run with the chosen
// alpha/T and, for "the experiment that teaches", a hard-label run (alpha 0) with the same budget;
// runs saved by an earlier visit come back paused. The pack's prebuilt students are shown as they are.
import { DEFAULT_DISTILL_OPTIONS, type DistillOptions } from '../../core/distill/options.ts';
import type { TransferSpec } from '../../core/distill/setup.ts';
import { appStorage } from '../../lib/app-storage.ts';
import { demoTeacher, fetchDemoFile, fetchDemoIndex, type DemoPackEntry } from '../../lib/demo-pack.ts';
import { fetchTeacherBundle, loadRun, TrainClient, type TeacherBundle } from '../../lib/distill/train-client.ts';
import { DistillRun } from './distill-run.svelte.ts';

export interface DistillSettings {
  steps: number;
  batchSize: number;
  contextLength: number;
  alpha: number;
  temperature: number;
  seed: number;
  learningRate: number;
  evalEvery: number;
  checkpointEvery: number;
  transfer: 'text' | 'generate';
  generateCount: number;
  genTemperature: number;
  topK: number;
  topP: number;
  maxNewTokens: number;
}

export interface PackStudent {
  entry: DemoPackEntry;
  manifest: Record<string, unknown>;
}

export const SAMPLE_PROMPT = 'The whale';

export class DistillLab {
  settings = $state<DistillSettings>({
    steps: 60, batchSize: 4, contextLength: 32, alpha: 0.5, temperature: 2, seed: 1, learningRate: DEFAULT_DISTILL_OPTIONS.learningRate,
    evalEvery: 10, checkpointEvery: 10, transfer: 'text', generateCount: 16, genTemperature: 1, topK: 40, topP: 0.95, maxNewTokens: 64,
  });
  teacher = $state.raw<DemoPackEntry | null>(null);
  students = $state.raw<PackStudent[]>([]);
  loadError = $state<string | null>(null);
  readonly main: DistillRun;
  readonly baseline: DistillRun;
  #bundle: TeacherBundle | null = null;

  constructor(client = new TrainClient()) {
    this.main = new DistillRun('main', 'chosen alpha/T', client);
    this.baseline = new DistillRun('baseline', 'hard labels (alpha 0)', new TrainClient());
  }

  async load(): Promise<void> {
    try {
      const index = await fetchDemoIndex();
      this.teacher = demoTeacher(index) ?? null;
      this.students = await Promise.all(index.filter((m) => m.role === 'student').map(async (entry) => ({ entry, manifest: (await (await fetchDemoFile(entry, 'manifest.json')).json()) as Record<string, unknown> })));
      const storage = await appStorage();
      for (const run of [this.main, this.baseline]) {
        const saved = await loadRun(storage, run.id);
        if (saved && run.status === 'idle') run.restore(saved);
      }
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
    }
  }

  async #teacherBundle(): Promise<TeacherBundle> {
    if (!this.teacher) throw new Error('The demo pack has no teacher model; rebuild it with npm run demo-pack.');
    this.#bundle ??= await fetchTeacherBundle(this.teacher);
    return this.#bundle;
  }

  #options(alpha: number): DistillOptions {
    const s = this.settings;
    return {
      ...DEFAULT_DISTILL_OPTIONS, steps: s.steps, batchSize: s.batchSize, contextLength: s.contextLength, alpha, temperature: s.temperature, seed: s.seed,
      learningRate: s.learningRate, minLearningRate: s.learningRate / 10, warmupSteps: Math.min(DEFAULT_DISTILL_OPTIONS.warmupSteps, Math.floor(s.steps / 10)),
    };
  }

  #transfer(bundle: TeacherBundle): TransferSpec {
    const s = this.settings;
    if (s.transfer === 'text') return { kind: 'text', text: bundle.transferText };
    return { kind: 'generate', prompts: Array.from({ length: s.generateCount }, () => ''), sampling: { temperature: s.genTemperature, topK: s.topK, topP: s.topP, seed: s.seed, maxNewTokens: s.maxNewTokens } };
  }

  async #job(alpha: number) {
    const bundle = await this.#teacherBundle();
    const s = this.settings;
    const job = { student: bundle.student, transfer: this.#transfer(bundle), heldoutText: bundle.heldoutText, options: this.#options(alpha), evalEvery: s.evalEvery, checkpointEvery: s.checkpointEvery, samplePrompt: SAMPLE_PROMPT, sampleTokens: 24 };
    return { job, teacher: bundle.files };
  }

  get busy(): boolean {
    return this.main.status === 'running' || this.baseline.status === 'running';
  }

  async train(): Promise<void> {
    const { job, teacher } = await this.#job(this.settings.alpha);
    await this.main.start(job, teacher);
  }

  /** Same data, seed and budget: alpha 0 first, then the chosen alpha/T. */
  async experiment(): Promise<void> {
    const hard = await this.#job(0);
    await this.baseline.start(hard.job, hard.teacher);
    if (this.baseline.status !== 'done') return;
    await this.train();
  }

  async resume(run: DistillRun): Promise<void> {
    await run.resume((await this.#teacherBundle()).files);
  }
}
