// Next-token training of a LLaMA in TensorFlow.js: seeded init, seeded batches, AdamW with warmup +
// cosine decay. Platform-free (no Node APIs): the caller picks the tfjs backend, supplies the token
// stream, and gets progress events, cancellation and HF-layout weights for the ONNX builder.
import { throwIfCancelled } from '../errors.ts';
import type { LlamaConfig } from '../models/llama-config.ts';
import { llamaWeightSpecs, randomLlamaWeights, type LlamaWeights } from '../models/llama-weights.ts';
import { AdamW, DEFAULT_ADAMW, learningRateAt, type AdamWOptions } from './adamw.ts';
import { BatchSampler, type TokenBatch } from './batches.ts';
import { tf } from './tf.ts';
import {
  createTfParams,
  crossEntropy,
  disposeForwardConstants,
  disposeTfParams,
  exportTfParams,
  llamaForward,
  makeForwardConstants,
  type ForwardConstants,
  type TfLlamaParams,
} from './tf-llama.ts';

export interface TrainOptions {
  steps: number;
  batchSize: number;
  /** Training window (tokens per row). */
  contextLength: number;
  learningRate: number;
  minLearningRate: number;
  warmupSteps: number;
  /** Seeds the init (when no initial weights are given) and the batch order. */
  seed: number;
  optimizer?: Partial<AdamWOptions>;
}

export interface TrainProgress {
  step: number;
  steps: number;
  loss: number;
  learningRate: number;
  gradNorm: number;
  tokensSeen: number;
}

export class LlamaTrainer {
  readonly params: TfLlamaParams;
  readonly #optimizer: AdamW;
  readonly #constants: ForwardConstants;
  #step = 0;
  #tokensSeen = 0;

  constructor(
    readonly config: LlamaConfig,
    readonly options: TrainOptions,
    initial: LlamaWeights = randomLlamaWeights(config, options.seed),
  ) {
    this.params = createTfParams(config, initial);
    const decayed = new Set(llamaWeightSpecs(config).filter((spec) => spec.kind !== 'norm').map((spec) => spec.name));
    this.#optimizer = new AdamW(this.params, decayed, { ...DEFAULT_ADAMW, ...options.optimizer });
    this.#constants = makeForwardConstants(config, options.contextLength);
  }

  get step(): number {
    return this.#step;
  }

  /** Mean cross-entropy of a batch without updating (nats per token). */
  loss(batch: TokenBatch): number {
    return tf.tidy(() => this.#lossTensor(batch).dataSync()[0]!);
  }

  #lossTensor(batch: TokenBatch): tf.Scalar {
    const ids = tf.tensor2d(batch.inputs, [batch.batchSize, batch.length], 'int32');
    const targets = tf.tensor1d(batch.targets, 'int32');
    return crossEntropy(llamaForward(this.config, this.params, ids, this.#constants), targets);
  }

  /** One optimizer step on `batch`; returns its progress record (loss before the update). */
  trainStep(batch: TokenBatch): TrainProgress {
    const learningRate = learningRateAt(
      { peak: this.options.learningRate, min: this.options.minLearningRate, warmupSteps: this.options.warmupSteps, totalSteps: this.options.steps },
      this.#step,
    );
    const { value, grads } = tf.variableGrads(() => this.#lossTensor(batch), [...this.params.values()]);
    const loss = value.dataSync()[0]!;
    const gradNorm = this.#optimizer.apply(this.params, grads, learningRate);
    tf.dispose([value, ...Object.values(grads)]);
    this.#step++;
    this.#tokensSeen += batch.batchSize * batch.length;
    return { step: this.#step, steps: this.options.steps, loss, learningRate, gradNorm, tokensSeen: this.#tokensSeen };
  }

  exportWeights(): LlamaWeights {
    return exportTfParams(this.config, this.params);
  }

  dispose(): void {
    disposeTfParams(this.params);
    this.#optimizer.dispose();
    disposeForwardConstants(this.#constants);
  }
}

export interface TrainResult {
  weights: LlamaWeights;
  /** Loss of every step, in order. */
  losses: number[];
  tokensSeen: number;
}

/** Trains from `initial` (or seeded random weights) on windows of `tokens`; yields to the event loop between steps. */
export async function trainLlama(
  config: LlamaConfig,
  tokens: Int32Array,
  options: TrainOptions,
  hooks: { signal?: AbortSignal; onProgress?: (progress: TrainProgress) => void; initial?: LlamaWeights } = {},
): Promise<TrainResult> {
  const trainer = new LlamaTrainer(config, options, hooks.initial);
  const sampler = new BatchSampler(tokens, options.batchSize, options.contextLength, options.seed + 1);
  const losses: number[] = [];
  let tokensSeen = 0;
  try {
    for (let step = 0; step < options.steps; step++) {
      throwIfCancelled(hooks.signal);
      const progress = trainer.trainStep(sampler.next());
      losses.push(progress.loss);
      tokensSeen = progress.tokensSeen;
      hooks.onProgress?.(progress);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return { weights: trainer.exportWeights(), losses, tokensSeen };
  } finally {
    trainer.dispose();
  }
}
