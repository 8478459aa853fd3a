// Emits a LLaMA decoder as a standard-opset ONNX graph (no com.microsoft ops), with the inputs and
// outputs of a Hugging Face / transformers.js "text-generation-with-past" export. Invariant the
// compression engine relies on: every linear layer is one MatMul whose second input is a float32
// initializer [in_features, out_features] named after the HF weight (e.g. model.layers.0.mlp.up_proj.weight).
import { headDim, type LlamaConfig } from './llama-config.ts';
import { checkLlamaWeights, type LlamaWeights } from './llama-weights.ts';
import { GraphBuilder, type ModelProto } from './onnx-graph.ts';
import { addCausalMask, addRotaryTables, type RotaryTables } from './llama-onnx-parts.ts';

export const LLAMA_OPSET = 17;

// Symbolic dimension names, as in transformers.js / Optimum exports.
const B = 'batch_size';
const S = 'sequence_length';
const P = 'past_sequence_length';
const T = 'total_sequence_length';

/** HF [out, in] -> ONNX MatMul weight [in, out]. */
function transposeLinear(weight: Float32Array, outFeatures: number, inFeatures: number): Float32Array {
  const out = new Float32Array(weight.length);
  for (let o = 0; o < outFeatures; o++) {
    for (let i = 0; i < inFeatures; i++) out[i * outFeatures + o] = weight[o * inFeatures + i]!;
  }
  return out;
}

class LlamaGraph {
  readonly g = new GraphBuilder();
  readonly hd: number;

  constructor(
    readonly config: LlamaConfig,
    readonly weights: LlamaWeights,
  ) {
    this.hd = headDim(config);
  }

  /** x [..., in] @ W^T -> [..., out], W stored transposed as initializer `weightName`. */
  linear(x: string, weightName: string, scope: string, outFeatures: number, inFeatures: number, output?: string): string {
    const tied = weightName === 'lm_head.weight' && this.config.tie_word_embeddings;
    const source = this.weights[tied ? 'model.embed_tokens.weight' : weightName];
    const w = this.g.floatInitializer(weightName, transposeLinear(source!, outFeatures, inFeatures), [inFeatures, outFeatures]);
    return this.g.node('MatMul', `${scope}/MatMul`, [x, w], {}, output ? [output] : undefined);
  }

  /** RMSNorm: x / sqrt(mean(x^2) + eps) * w over the last axis. x [B,S,C] -> [B,S,C]. */
  rmsNorm(x: string, weightName: string, scope: string): string {
    const g = this.g;
    const w = g.floatInitializer(weightName, this.weights[weightName]!, [this.config.hidden_size]);
    const square = g.node('Mul', `${scope}/Mul_square`, [x, x]);
    const variance = g.node('ReduceMean', `${scope}/ReduceMean`, [square], { axes: [-1], keepdims: 1 });
    const shifted = g.node('Add', `${scope}/Add_eps`, [variance, g.floatScalar(this.config.rms_norm_eps)]);
    const rms = g.node('Sqrt', `${scope}/Sqrt`, [shifted]);
    const normed = g.node('Div', `${scope}/Div`, [x, rms]);
    return g.node('Mul', `${scope}/Mul_weight`, [normed, w]);
  }

  /** [B,S,heads*hd] -> [B,heads,S,hd]. */
  splitHeads(x: string, heads: number, scope: string): string {
    const reshaped = this.g.node('Reshape', `${scope}/Reshape`, [x, this.g.int64Constant([0, 0, heads, this.hd])]);
    return this.g.node('Transpose', `${scope}/Transpose`, [reshaped], { perm: [0, 2, 1, 3] });
  }

  /** HF rotate_half convention: x * cos + concat(-x2, x1) * sin, x [B,heads,S,hd]. */
  rope(x: string, tables: RotaryTables, scope: string): string {
    const g = this.g;
    const half = this.hd / 2;
    const axis = g.int64Constant([-1]);
    const x1 = g.node('Slice', `${scope}/Slice_1`, [x, g.int64Constant([0]), g.int64Constant([half]), axis]);
    const x2 = g.node('Slice', `${scope}/Slice_2`, [x, g.int64Constant([half]), g.int64Constant([this.hd]), axis]);
    const rotated = g.node('Concat', `${scope}/Concat`, [g.node('Neg', `${scope}/Neg`, [x2]), x1], { axis: -1 });
    const withCos = g.node('Mul', `${scope}/Mul_cos`, [x, tables.cos]);
    const withSin = g.node('Mul', `${scope}/Mul_sin`, [rotated, tables.sin]);
    return g.node('Add', `${scope}/Add`, [withCos, withSin]);
  }

  /** GQA: [B,KV,T,hd] -> [B,H,T,hd], kv head j serving query heads j*G .. j*G+G-1 (HF repeat_kv). */
  repeatKv(x: string, scope: string): string {
    const groups = this.config.num_attention_heads / this.config.num_key_value_heads;
    if (groups === 1) return x;
    const g = this.g;
    const unsqueezed = g.node('Unsqueeze', `${scope}/Unsqueeze`, [x, g.int64Constant([2])]); // [B,KV,1,T,hd]
    const expanded = g.node('Expand', `${scope}/Expand`, [unsqueezed, g.int64Constant([1, 1, groups, 1, 1])]); // [B,KV,G,T,hd]
    return g.node('Reshape', `${scope}/Reshape`, [expanded, g.int64Constant([0, this.config.num_attention_heads, -1, this.hd])]);
  }

  attention(x: string, layer: number, tables: RotaryTables, allowed: string): string {
    const g = this.g;
    const { hidden_size: c, num_attention_heads: h, num_key_value_heads: kv } = this.config;
    const scope = `/model/layers.${layer}/self_attn`;
    const weight = (proj: string): string => `model.layers.${layer}.self_attn.${proj}.weight`;
    const q = this.splitHeads(this.linear(x, weight('q_proj'), `${scope}/q_proj`, h * this.hd, c), h, `${scope}/q`);
    const k = this.splitHeads(this.linear(x, weight('k_proj'), `${scope}/k_proj`, kv * this.hd, c), kv, `${scope}/k`);
    const v = this.splitHeads(this.linear(x, weight('v_proj'), `${scope}/v_proj`, kv * this.hd, c), kv, `${scope}/v`);
    const qRot = this.rope(q, tables, `${scope}/q_rope`);
    const kRot = this.rope(k, tables, `${scope}/k_rope`);
    // KV cache: [B,KV,P,hd] ++ [B,KV,S,hd] -> [B,KV,T,hd]; P may be 0 on the first step.
    const keys = g.node('Concat', `${scope}/Concat_key`, [`past_key_values.${layer}.key`, kRot], { axis: 2 }, [`present.${layer}.key`]);
    const values = g.node('Concat', `${scope}/Concat_value`, [`past_key_values.${layer}.value`, v], { axis: 2 }, [`present.${layer}.value`]);
    const keysT = g.node('Transpose', `${scope}/Transpose_key`, [this.repeatKv(keys, `${scope}/repeat_key`)], { perm: [0, 1, 3, 2] });
    const scores = g.node('MatMul', `${scope}/MatMul_scores`, [qRot, keysT]); // [B,H,S,T]
    const scaled = g.node('Mul', `${scope}/Mul_scale`, [scores, g.floatScalar(1 / Math.sqrt(this.hd))]);
    // Masked scores are set (not added) to the float32 minimum: a fully masked row stays finite.
    const masked = g.node('Where', `${scope}/Where_mask`, [allowed, scaled, g.floatScalar(-3.4028234663852886e38)]);
    const probs = g.node('Softmax', `${scope}/Softmax`, [masked], { axis: -1 });
    const context = g.node('MatMul', `${scope}/MatMul_context`, [probs, this.repeatKv(values, `${scope}/repeat_value`)]); // [B,H,S,hd]
    const merged = g.node('Transpose', `${scope}/Transpose_context`, [context], { perm: [0, 2, 1, 3] });
    const flat = g.node('Reshape', `${scope}/Reshape_context`, [merged, g.int64Constant([0, 0, h * this.hd])]);
    return this.linear(flat, weight('o_proj'), `${scope}/o_proj`, c, h * this.hd);
  }

  /** SwiGLU MLP: down(silu(gate(x)) * up(x)). */
  mlp(x: string, layer: number): string {
    const g = this.g;
    const { hidden_size: c, intermediate_size: f } = this.config;
    const scope = `/model/layers.${layer}/mlp`;
    const weight = (proj: string): string => `model.layers.${layer}.mlp.${proj}.weight`;
    const gate = this.linear(x, weight('gate_proj'), `${scope}/gate_proj`, f, c);
    const up = this.linear(x, weight('up_proj'), `${scope}/up_proj`, f, c);
    const silu = g.node('Mul', `${scope}/act_fn/Mul`, [gate, g.node('Sigmoid', `${scope}/act_fn/Sigmoid`, [gate])]);
    const product = g.node('Mul', `${scope}/Mul`, [silu, up]);
    return this.linear(product, weight('down_proj'), `${scope}/down_proj`, c, f);
  }

  build(): ModelProto {
    const g = this.g;
    const { vocab_size: v, hidden_size: c, num_key_value_heads: kv } = this.config;
    const inputIds = g.input('input_ids', 'int64', [B, S]);
    const attentionMask = g.input('attention_mask', 'int64', [B, T]);
    const positionIds = g.input('position_ids', 'int64', [B, S]);
    for (let i = 0; i < this.config.num_hidden_layers; i++) {
      g.input(`past_key_values.${i}.key`, 'float32', [B, kv, P, this.hd]);
      g.input(`past_key_values.${i}.value`, 'float32', [B, kv, P, this.hd]);
    }
    g.output('logits', 'float32', [B, S, v]);
    for (let i = 0; i < this.config.num_hidden_layers; i++) {
      g.output(`present.${i}.key`, 'float32', [B, kv, T, this.hd]);
      g.output(`present.${i}.value`, 'float32', [B, kv, T, this.hd]);
    }
    const embedding = g.floatInitializer('model.embed_tokens.weight', this.weights['model.embed_tokens.weight']!, [v, c]);
    let x = g.node('Gather', '/model/embed_tokens/Gather', [embedding, inputIds], { axis: 0 }); // [B,S,C]
    const tables = addRotaryTables(g, positionIds, this.hd, this.config.rope_theta);
    const allowed = addCausalMask(g, inputIds, attentionMask);
    for (let i = 0; i < this.config.num_hidden_layers; i++) {
      const attnIn = this.rmsNorm(x, `model.layers.${i}.input_layernorm.weight`, `/model/layers.${i}/input_layernorm`);
      x = g.node('Add', `/model/layers.${i}/Add_attention`, [x, this.attention(attnIn, i, tables, allowed)]);
      const mlpIn = this.rmsNorm(x, `model.layers.${i}.post_attention_layernorm.weight`, `/model/layers.${i}/post_attention_layernorm`);
      x = g.node('Add', `/model/layers.${i}/Add_mlp`, [x, this.mlp(mlpIn, i)]);
    }
    const final = this.rmsNorm(x, 'model.norm.weight', '/model/norm');
    // A tied head still gets its own `lm_head.weight` initializer (the transposed embedding), so
    // every linear layer keeps the MatMul-with-initializer form the compression engine expects.
    this.linear(final, 'lm_head.weight', '/lm_head', v, c, 'logits');
    return g.build('llama', LLAMA_OPSET);
  }
}

/** Builds the ONNX model (fp32) for `config` with HF-named, HF-layout `weights`. */
export function buildLlamaOnnx(config: LlamaConfig, weights: LlamaWeights): ModelProto {
  checkLlamaWeights(config, weights);
  return new LlamaGraph(config, weights).build();
}
