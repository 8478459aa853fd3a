// The LLaMA forward pass in TensorFlow.js, the differentiable twin of src/core/models/llama-onnx.ts
// (same math: RMSNorm, HF rotary, grouped-query causal attention, SwiGLU). Parameters are tfjs
// variables keyed by HF name; linear weights are held as [in, out] (ONNX layout) so the forward
// needs no transposes, and are converted back to HF [out, in] on export.
import { headDim, type LlamaConfig } from '../models/llama-config.ts';
import { llamaWeightSpecs, type LlamaWeights } from '../models/llama-weights.ts';
import { tf } from './tf.ts';
import { applyRope, embeddingLookup, linear, rmsNorm, ropeTables } from './tf-ops.ts';

export type TfLlamaParams = Map<string, tf.Variable>;

function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

/** Variables for every weight of `config`, initialized from HF-layout `weights`. */
export function createTfParams(config: LlamaConfig, weights: LlamaWeights): TfLlamaParams {
  const params: TfLlamaParams = new Map();
  for (const spec of llamaWeightSpecs(config)) {
    const data = weights[spec.name]!;
    const value =
      spec.kind === 'linear'
        ? tf.tensor2d(transpose2d(data, spec.shape[0], spec.shape[1]!), [spec.shape[1]!, spec.shape[0]])
        : tf.tensor(data, spec.shape);
    // tfjs variable names are global, so they are left automatic; the map key is the HF name.
    params.set(spec.name, tf.variable(value, true));
    value.dispose();
  }
  return params;
}

/** Reads the variables back as HF-layout Float32Arrays (linear [out, in]). */
export function exportTfParams(config: LlamaConfig, params: TfLlamaParams): LlamaWeights {
  const weights: LlamaWeights = {};
  for (const spec of llamaWeightSpecs(config)) {
    const data = params.get(spec.name)!.dataSync() as Float32Array;
    weights[spec.name] = spec.kind === 'linear' ? transpose2d(data, spec.shape[1]!, spec.shape[0]) : Float32Array.from(data);
  }
  return weights;
}

export function disposeTfParams(params: TfLlamaParams): void {
  for (const variable of params.values()) variable.dispose();
  params.clear();
}

/** Additive causal mask [G*T, T]: row g*T + i may see columns 0..i (queries grouped per kv head). */
function groupedCausalMask(length: number, groups: number): tf.Tensor2D {
  const mask = new Float32Array(groups * length * length);
  for (let row = 0; row < groups * length; row++) {
    const i = row % length;
    for (let j = i + 1; j < length; j++) mask[row * length + j] = -1e9;
  }
  return tf.tensor2d(mask, [groups * length, length]);
}

/** Constants that depend only on the sequence length; make once, reuse across steps. */
export interface ForwardConstants {
  length: number;
  cos: tf.Tensor2D;
  sin: tf.Tensor2D;
  mask: tf.Tensor2D;
}

export function makeForwardConstants(config: LlamaConfig, length: number): ForwardConstants {
  const groups = config.num_attention_heads / config.num_key_value_heads;
  return { length, ...ropeTables(length, headDim(config), config.rope_theta), mask: groupedCausalMask(length, groups) };
}

export function disposeForwardConstants(constants: ForwardConstants): void {
  tf.dispose([constants.cos, constants.sin, constants.mask]);
}

/**
 * Grouped-query causal self-attention without repeating k/v: the G query heads of one kv head are
 * stacked along the sequence axis, q [B,KV,G*T,hd] against k [B,KV,T,hd].
 */
function attention(config: LlamaConfig, params: TfLlamaParams, layer: number, x: tf.Tensor2D, batch: number, k: ForwardConstants): tf.Tensor2D {
  const { num_attention_heads: h, num_key_value_heads: kv } = config;
  const hd = headDim(config);
  const t = k.length;
  const p = (name: string): tf.Variable => params.get(`model.layers.${layer}.self_attn.${name}.weight`)!;
  const heads = (y: tf.Tensor2D, n: number): tf.Tensor => tf.transpose(tf.reshape(y, [batch, t, n, hd]), [0, 2, 1, 3]); // [B,n,T,hd]
  const q = applyRope(heads(linear(x, p('q_proj')), h), k.cos, k.sin); // [B,H,T,hd]
  const key = applyRope(heads(linear(x, p('k_proj')), kv), k.cos, k.sin); // [B,KV,T,hd]
  const value = heads(linear(x, p('v_proj')), kv); // [B,KV,T,hd]
  const grouped = tf.reshape(q, [batch, kv, (h / kv) * t, hd]); // [B,KV,G*T,hd]
  const scores = tf.add(tf.mul(tf.matMul(grouped, key, false, true), 1 / Math.sqrt(hd)), k.mask); // [B,KV,G*T,T]
  const context = tf.matMul(tf.softmax(scores), value); // [B,KV,G*T,hd]
  const merged = tf.transpose(tf.reshape(context, [batch, h, t, hd]), [0, 2, 1, 3]); // [B,T,H,hd]
  return linear(tf.reshape(merged, [batch * t, h * hd]), p('o_proj'));
}

function mlp(params: TfLlamaParams, layer: number, x: tf.Tensor2D): tf.Tensor2D {
  const p = (name: string): tf.Variable => params.get(`model.layers.${layer}.mlp.${name}.weight`)!;
  const gate = linear(x, p('gate_proj'));
  const up = linear(x, p('up_proj'));
  return linear(tf.mul(tf.mul(gate, tf.sigmoid(gate)), up) as tf.Tensor2D, p('down_proj'));
}

/** ids [B, T] int32 (T = constants.length) -> logits [B*T, V]. Call inside tf.tidy or variableGrads. */
export function llamaForward(config: LlamaConfig, params: TfLlamaParams, ids: tf.Tensor2D, constants: ForwardConstants): tf.Tensor2D {
  const [batch] = ids.shape;
  const eps = config.rms_norm_eps;
  const embedding = params.get('model.embed_tokens.weight')!;
  let x = embeddingLookup(embedding, tf.reshape(ids, [-1]) as tf.Tensor1D); // [B*T, C]
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const norm1 = params.get(`model.layers.${i}.input_layernorm.weight`)!;
    x = tf.add(x, attention(config, params, i, rmsNorm(x, norm1, eps) as tf.Tensor2D, batch, constants));
    const norm2 = params.get(`model.layers.${i}.post_attention_layernorm.weight`)!;
    x = tf.add(x, mlp(params, i, rmsNorm(x, norm2, eps) as tf.Tensor2D));
  }
  const final = rmsNorm(x, params.get('model.norm.weight')!, eps) as tf.Tensor2D;
  const head = config.tie_word_embeddings ? tf.transpose(embedding) : params.get('lm_head.weight')!;
  return linear(final, head); // [B*T, V]
}

/** Mean next-token cross-entropy (nats) of logits [N, V] against targets [N] int32. */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const labels = tf.oneHot(targets, logits.shape[1]);
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}
