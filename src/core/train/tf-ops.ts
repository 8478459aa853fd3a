// Differentiable building blocks for the tfjs LLaMA, written for the tfjs wasm backend's fast
// paths: its XNNPACK matmul is fast only for 2-D, non-transposed operands, and it has no
// UnsortedSegmentSum kernel (the default Gather gradient), so both get custom gradients here.
import { tf } from './tf.ts';

type Tensor = tf.Tensor;

/** x [N, in] @ w [in, out] -> [N, out]; gradients use explicit transposes + plain 2-D matmuls. */
export const linear = tf.customGrad((...args: Array<Tensor | tf.GradSaveFunc>) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor2D, saved: Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy)];
    },
  };
}) as (x: Tensor, w: Tensor) => tf.Tensor2D;

/** table [V, C] gathered at ids [N] -> [N, C]; the table gradient is a scatter-add of the rows. */
export function embeddingLookup(table: Tensor, ids: tf.Tensor1D): tf.Tensor2D {
  const lookup = tf.customGrad((...args: Array<Tensor | tf.GradSaveFunc>) => {
    const [weights, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    // ids are saved so the tape keeps them alive until the backward pass.
    save([ids]);
    return {
      value: tf.gather(weights, ids) as tf.Tensor2D,
      // scatterND adds the updates of repeated indices, which is what the embedding gradient needs.
      gradFunc: (dy: tf.Tensor2D, saved: Tensor[]) => tf.scatterND(tf.reshape(saved[0]!, [-1, 1]), dy, weights.shape),
    };
  });
  return lookup(table) as tf.Tensor2D;
}

/** RMSNorm over the last axis: x * rsqrt(mean(x^2) + eps) * w. x [N, C], w [C]. */
export function rmsNorm(x: Tensor, w: Tensor, eps: number): Tensor {
  const variance = tf.mean(tf.square(x), -1, true);
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, eps))), w);
}

/** Rotary embedding, HF rotate_half layout. x [..., T, hd], cos/sin [T, hd]. */
export function applyRope(x: Tensor, cos: Tensor, sin: Tensor): Tensor {
  const hd = x.shape[x.rank - 1]!;
  const [x1, x2] = tf.split(x, [hd / 2, hd / 2], -1) as [Tensor, Tensor];
  const rotated = tf.concat([tf.neg(x2), x1], -1);
  return tf.add(tf.mul(x, cos), tf.mul(rotated, sin));
}

/** cos/sin tables [T, hd] for positions 0..T-1; the angle is rounded to float32 as the ONNX graph does. */
export function ropeTables(length: number, hd: number, theta: number): { cos: tf.Tensor2D; sin: tf.Tensor2D } {
  const cos = new Float32Array(length * hd);
  const sin = new Float32Array(length * hd);
  for (let t = 0; t < length; t++) {
    for (let i = 0; i < hd / 2; i++) {
      const angle = Math.fround(t * Math.fround(1 / Math.pow(theta, (2 * i) / hd)));
      for (const j of [i, i + hd / 2]) {
        cos[t * hd + j] = Math.cos(angle);
        sin[t * hd + j] = Math.sin(angle);
      }
    }
  }
  return { cos: tf.tensor2d(cos, [length, hd]), sin: tf.tensor2d(sin, [length, hd]) };
}
