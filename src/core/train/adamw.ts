// AdamW (Loshchilov & Hutter 2019: Adam with decoupled weight decay) with global-norm gradient
// clipping, and the learning-rate schedule used with it: linear warmup, then cosine decay to a floor.
import { InvalidArgumentError } from '../errors.ts';
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

/** Everything AdamW carries between steps, as plain arrays keyed by parameter name (checkpoints). */
export interface AdamWState {
  step: number;
  m: Record<string, Float32Array>;
  v: Record<string, Float32Array>;
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

  /** A copy of the moments and the step count, so a resumed run continues the same trajectory. */
  exportState(): AdamWState {
    const state: AdamWState = { step: this.#step, m: {}, v: {} };
    for (const [name, { m, v }] of this.#moments) {
      state.m[name] = Float32Array.from(m.dataSync() as Float32Array);
      state.v[name] = Float32Array.from(v.dataSync() as Float32Array);
    }
    return state;
  }

  importState(state: AdamWState): void {
    for (const [name, { m, v }] of this.#moments) {
      const savedM = state.m[name];
      const savedV = state.v[name];
      if (!savedM || !savedV || savedM.length !== m.size || savedV.length !== v.size) {
        throw new InvalidArgumentError(`The checkpoint's optimizer state has no matching moments for ${name}; it belongs to another model.`);
      }
      tf.tidy(() => {
        m.assign(tf.tensor(savedM, m.shape));
        v.assign(tf.tensor(savedV, v.shape));
      });
    }
    this.#step = state.step;
  }

  dispose(): void {
    for (const { m, v } of this.#moments.values()) tf.dispose([m, v]);
    this.#moments.clear();
  }
}
