// AdamW (Loshchilov & Hutter 2019: Adam with decoupled weight decay) with global-norm gradient
// clipping, and the learning-rate schedule used with it: linear warmup, then cosine decay to a floor.
import { tf } from './tf.ts';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled decay, applied only to the variables in `decayed` (not to norms). */
  weightDecay: number;
  /** Clip the global gradient norm to this value (0 = no clipping). */
  gradClip: number;
}

export const DEFAULT_ADAMW: AdamWOptions = { beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1, gradClip: 1 };

export interface LearningRateSchedule {
  peak: number;
  /** Floor reached at the last step. */
  min: number;
  warmupSteps: number;
  totalSteps: number;
}

/** lr(step) for step 0..totalSteps-1: linear warmup to `peak`, cosine decay to `min`. */
export function learningRateAt(schedule: LearningRateSchedule, step: number): number {
  const { peak, min, warmupSteps, totalSteps } = schedule;
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  const span = Math.max(1, totalSteps - 1 - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / span);
  return min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * progress));
}

export class AdamW {
  readonly #options: AdamWOptions;
  readonly #moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();
  readonly #decayed: ReadonlySet<string>;
  #step = 0;

  constructor(variables: ReadonlyMap<string, tf.Variable>, decayed: ReadonlySet<string>, options: AdamWOptions = DEFAULT_ADAMW) {
    this.#options = options;
    this.#decayed = decayed;
    for (const [name, variable] of variables) {
      this.#moments.set(name, { m: tf.variable(tf.zerosLike(variable), false), v: tf.variable(tf.zerosLike(variable), false) });
    }
  }

  /** Applies one update with learning rate `lr`; returns the gradient norm before clipping. */
  apply(variables: ReadonlyMap<string, tf.Variable>, grads: Record<string, tf.Tensor>, lr: number): number {
    const { beta1, beta2, epsilon, weightDecay, gradClip } = this.#options;
    this.#step++;
    const correction1 = 1 - Math.pow(beta1, this.#step);
    const correction2 = 1 - Math.pow(beta2, this.#step);
    const norm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0]!);
    const scale = gradClip > 0 && norm > gradClip ? gradClip / norm : 1;
    tf.tidy(() => {
      for (const [name, variable] of variables) {
        const grad = grads[variable.name];
        const moments = this.#moments.get(name);
        if (!grad || !moments) continue;
        const g = scale === 1 ? grad : tf.mul(grad, scale);
        moments.m.assign(tf.add(tf.mul(moments.m, beta1), tf.mul(g, 1 - beta1)));
        moments.v.assign(tf.add(tf.mul(moments.v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const update = tf.div(tf.div(moments.m, correction1), tf.add(tf.sqrt(tf.div(moments.v, correction2)), epsilon));
        const decay = this.#decayed.has(name) ? tf.mul(variable, weightDecay) : tf.scalar(0);
        variable.assign(tf.sub(variable, tf.mul(tf.add(update, decay), lr)));
      }
    });
    return norm;
  }

  dispose(): void {
    for (const { m, v } of this.#moments.values()) tf.dispose([m, v]);
    this.#moments.clear();
  }
}
