// The knowledge-distillation loss of Hinton, Vinyals & Dean (2015) over the full vocabulary:
//   total = alpha * T^2 * KL(softmax(z_t / T) || softmax(z_s / T)) + (1 - alpha) * CE(y, softmax(z_s)).
// T^2 keeps the soft term's gradient scale independent of T. The teacher's logits enter as a plain
// tensor (no variable, no tape), so backward reaches the student only.
import { tf } from '../train/tf.ts';
import { crossEntropy } from '../train/tf-llama.ts';

export interface KdWeights {
  /** Weight of the soft (teacher) term, in [0, 1]; 0 = hard labels only. */
  alpha: number;
  /** Softmax temperature of the soft term, > 0. */
  temperature: number;
}

export interface KdLossTensors {
  total: tf.Scalar;
  /** T^2 * mean KL at temperature T (nats). */
  soft: tf.Scalar;
  /** Mean cross-entropy against the targets at T = 1 (nats). */
  hard: tf.Scalar;
}

/** Mean KL(softmax(teacher / T) || softmax(student / T)) per row; both [N, V]. */
export function softTargetKl(student: tf.Tensor2D, teacher: tf.Tensor2D, temperature: number): tf.Scalar {
  const logStudent = tf.logSoftmax(tf.div(student, temperature));
  const logTeacher = tf.logSoftmax(tf.div(teacher, temperature));
  return tf.mean(tf.sum(tf.mul(tf.exp(logTeacher), tf.sub(logTeacher, logStudent)), -1));
}

/** student, teacher [N, V] logits, targets [N] int32. Call inside tf.tidy or variableGrads. */
export function kdLoss(student: tf.Tensor2D, teacher: tf.Tensor2D | null, targets: tf.Tensor1D, { alpha, temperature }: KdWeights): KdLossTensors {
  const hard = crossEntropy(student, targets);
  // With alpha = 0 there is no teacher term at all (the hard-label baseline needs no teacher logits).
  const soft = teacher ? tf.mul(softTargetKl(student, teacher, temperature), temperature * temperature) as tf.Scalar : tf.scalar(0);
  const total = tf.add(tf.mul(soft, alpha), tf.mul(hard, 1 - alpha)) as tf.Scalar;
  return { total, soft, hard };
}

/** Float64 reference of the same loss on plain arrays (tests, finite differences). */
export function kdLossReference(student: ArrayLike<number>, teacher: ArrayLike<number>, targets: ArrayLike<number>, vocab: number, { alpha, temperature }: KdWeights): { total: number; soft: number; hard: number } {
  const rows = targets.length;
  let soft = 0;
  let hard = 0;
  for (let r = 0; r < rows; r++) {
    const logS = logSoftmaxRow(student, r * vocab, vocab, temperature);
    const logT = logSoftmaxRow(teacher, r * vocab, vocab, temperature);
    for (let i = 0; i < vocab; i++) soft += Math.exp(logT[i]!) * (logT[i]! - logS[i]!);
    hard -= logSoftmaxRow(student, r * vocab, vocab, 1)[targets[r]!]!;
  }
  soft = (temperature * temperature * soft) / rows;
  hard /= rows;
  return { total: alpha * soft + (1 - alpha) * hard, soft, hard };
}

function logSoftmaxRow(values: ArrayLike<number>, offset: number, width: number, temperature: number): Float64Array {
  const out = new Float64Array(width);
  let max = -Infinity;
  for (let i = 0; i < width; i++) max = Math.max(max, values[offset + i]! / temperature);
  let sum = 0;
  for (let i = 0; i < width; i++) sum += Math.exp(values[offset + i]! / temperature - max);
  const log = max + Math.log(sum);
  for (let i = 0; i < width; i++) out[i] = values[offset + i]! / temperature - log;
  return out;
}
