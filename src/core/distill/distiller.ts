// One distillation run in TensorFlow.js: a student LLaMA trained on the KD loss against a frozen
// ONNX teacher's logits, with AdamW, warmup + cosine, gradient clipping and a seeded window order.
// Its whole state (weights, optimizer moments, step, data cursor) is a plain checkpoint object, so a
// run can be paused, stored (IndexedDB, disk) and resumed on the same trajectory.
import type { LlamaConfig } from '../models/llama-config.ts';
import { llamaWeightSpecs, randomLlamaWeights, type LlamaWeights } from '../models/llama-weights.ts';
import { AdamW, DEFAULT_ADAMW, learningRateAt, type AdamWState } from '../train/adamw.ts';
import type { TokenBatch } from '../train/batches.ts';
import { tf } from '../train/tf.ts';
import {
  createTfParams,
  disposeForwardConstants,
  disposeTfParams,
  exportTfParams,
  llamaForward,
  makeForwardConstants,
  type ForwardConstants,
  type TfLlamaParams,
} from '../train/tf-llama.ts';
import { DataOrder, type DataOrderState } from './data-order.ts';
import { asOutOfMemory, DistillConfigError } from './errors.ts';
import { kdLoss } from './kd-loss.ts';
import { checkDistillOptions, type DistillOptions } from './options.ts';
import { TeacherLogitCache, type Teacher } from './teacher.ts';

export interface DistillStep {
  step: number;
  steps: number;
  total: number;
  soft: number;
  hard: number;
  learningRate: number;
  gradNorm: number;
  tokensSeen: number;
}

export const CHECKPOINT_FORMAT = 'llm-lab-distill-checkpoint/1';

export interface DistillCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  student: LlamaConfig;
  options: DistillOptions;
  step: number;
  tokensSeen: number;
  weights: LlamaWeights;
  optimizer: AdamWState;
  data: DataOrderState;
  /** Every step so far, for the curves of a resumed run. */
  history: DistillStep[];
}

export class Distiller {
  readonly params: TfLlamaParams;
  readonly order: DataOrder;
  readonly cache: TeacherLogitCache;
  readonly history: DistillStep[];
  readonly #optimizer: AdamW;
  readonly #constants: ForwardConstants;
  #step: number;
  #tokensSeen: number;

  constructor(
    readonly student: LlamaConfig,
    readonly options: DistillOptions,
    readonly teacher: Teacher,
    transfer: Int32Array,
    from?: DistillCheckpoint,
  ) {
    checkDistillOptions(options);
    if (from) checkResumable(from, student, options);
    this.order = new DataOrder(transfer, options.contextLength, options.seed + 1, from?.data);
    this.params = createTfParams(student, from?.weights ?? randomLlamaWeights(student, options.seed));
    const decayed = new Set(llamaWeightSpecs(student).filter((spec) => spec.kind !== 'norm').map((spec) => spec.name));
    this.#optimizer = new AdamW(this.params, decayed, { ...DEFAULT_ADAMW, weightDecay: options.weightDecay, gradClip: options.gradClip });
    if (from) this.#optimizer.importState(from.optimizer);
    this.#constants = makeForwardConstants(student, options.contextLength);
    this.cache = new TeacherLogitCache(teacher);
    this.#step = from?.step ?? 0;
    this.#tokensSeen = from?.tokensSeen ?? 0;
    this.history = from ? from.history.map((s) => ({ ...s })) : [];
  }

  get step(): number {
    return this.#step;
  }

  get done(): boolean {
    return this.#step >= this.options.steps;
  }

  async #teacherLogits(indices: number[], batch: TokenBatch): Promise<Float32Array | null> {
    if (this.options.alpha === 0) return null;
    if (this.options.cacheTeacher) return this.cache.logits(indices, batch);
    return this.teacher.logits(batch);
  }

  /** Student logits [B*T, V] of a batch, without the tape (evaluation, tests). */
  studentLogits(batch: TokenBatch): Float32Array {
    return tf.tidy(() => {
      const ids = tf.tensor2d(batch.inputs, [batch.batchSize, batch.length], 'int32');
      return llamaForward(this.student, this.params, ids, this.#constants).dataSync() as Float32Array;
    });
  }

  /** One optimizer step on the next batch in seeded order. */
  async trainStep(): Promise<DistillStep> {
    const { options } = this;
    const indices = this.order.nextIndices(options.batchSize);
    const batch = this.order.batch(indices);
    const teacherLogits = await this.#teacherLogits(indices, batch);
    const learningRate = learningRateAt({ peak: options.learningRate, min: options.minLearningRate, warmupSteps: options.warmupSteps, totalSteps: options.steps }, this.#step);
    const vocab = this.student.vocab_size;
    let parts: { soft: number; hard: number } = { soft: 0, hard: 0 };
    try {
      const { value, grads } = tf.variableGrads(() => {
        const ids = tf.tensor2d(batch.inputs, [batch.batchSize, batch.length], 'int32');
        const targets = tf.tensor1d(batch.targets, 'int32');
        const logits = llamaForward(this.student, this.params, ids, this.#constants);
        const teacher = teacherLogits ? tf.tensor2d(teacherLogits, [batch.batchSize * batch.length, vocab]) : null;
        const loss = kdLoss(logits, teacher, targets, options);
        parts = { soft: loss.soft.dataSync()[0]!, hard: loss.hard.dataSync()[0]! };
        return loss.total;
      }, [...this.params.values()]);
      const total = value.dataSync()[0]!;
      const gradNorm = this.#optimizer.apply(this.params, grads, learningRate);
      tf.dispose([value, ...Object.values(grads)]);
      this.#step++;
      this.#tokensSeen += batch.batchSize * batch.length;
      const record: DistillStep = { step: this.#step, steps: options.steps, total, ...parts, learningRate, gradNorm, tokensSeen: this.#tokensSeen };
      this.history.push(record);
      return record;
    } catch (error) {
      throw asOutOfMemory(error, { batch: options.batchSize, context: options.contextLength, step: this.#step + 1 });
    }
  }

  checkpoint(): DistillCheckpoint {
    return {
      format: CHECKPOINT_FORMAT,
      student: { ...this.student },
      options: { ...this.options },
      step: this.#step,
      tokensSeen: this.#tokensSeen,
      weights: this.exportWeights(),
      optimizer: this.#optimizer.exportState(),
      data: this.order.state(),
      history: this.history.map((s) => ({ ...s })),
    };
  }

  /** HF-layout weights for the ONNX builder. */
  exportWeights(): LlamaWeights {
    return exportTfParams(this.student, this.params);
  }

  dispose(): void {
    disposeTfParams(this.params);
    this.#optimizer.dispose();
    disposeForwardConstants(this.#constants);
  }
}

/** A checkpoint resumes only the run it came from: same student shape and the same trajectory-defining options. */
function checkResumable(from: DistillCheckpoint, student: LlamaConfig, options: DistillOptions): void {
  if (from.format !== CHECKPOINT_FORMAT) throw new DistillConfigError(`This is not a distillation checkpoint (format ${String(from.format)}).`);
  if (JSON.stringify(from.student) !== JSON.stringify(student)) throw new DistillConfigError('The checkpoint belongs to a student with another config; start a new run or pick the matching checkpoint.');
  const keys = ['batchSize', 'contextLength', 'alpha', 'temperature', 'seed', 'learningRate', 'minLearningRate', 'warmupSteps', 'steps'] as const;
  const changed = keys.filter((key) => from.options[key] !== options[key]);
  if (changed.length > 0) throw new DistillConfigError(`The checkpoint was trained with other settings (${changed.join(', ')}); resume with the checkpoint's settings or start a new run.`);
}
