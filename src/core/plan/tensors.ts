// The weights of a decoder described by a ModelArchitecture, in Hugging Face layout (linear weight
// [out_features, in_features]), grouped: a group is one tensor name repeated `count` times (once per
// layer). Parameters = sum of rows * cols * count. Formulas: facts-labs.md "Planner".
import type { ModelArchitecture } from './architecture.ts';

/** embedding: gathered one row per token; lmHead and linear: read whole by every token; vector: norms and biases. */
export type TensorRole = 'embedding' | 'lmHead' | 'linear' | 'vector';

export interface TensorGroup {
  /** `model.layers.*.mlp.up_proj.weight` for per-layer groups. */
  name: string;
  role: TensorRole;
  /** Output features (linear), vocabulary (embedding) or 1 (vectors). */
  rows: number;
  /** Input features, or the vector's length. */
  cols: number;
  count: number;
}

const layer = (name: string) => `model.layers.*.${name}`;

function attentionTensors(a: ModelArchitecture): TensorGroup[] {
  const q = a.heads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  const L = a.layers;
  const groups: TensorGroup[] = a.fusedQkv
    ? [{ name: layer('self_attn.qkv_proj.weight'), role: 'linear', rows: q + 2 * kv, cols: a.hidden, count: L }]
    : [
        { name: layer('self_attn.q_proj.weight'), role: 'linear', rows: q, cols: a.hidden, count: L },
        { name: layer('self_attn.k_proj.weight'), role: 'linear', rows: kv, cols: a.hidden, count: L },
        { name: layer('self_attn.v_proj.weight'), role: 'linear', rows: kv, cols: a.hidden, count: L },
      ];
  groups.push({ name: layer('self_attn.o_proj.weight'), role: 'linear', rows: a.hidden, cols: q, count: L });
  if (a.qkvBias) groups.push({ name: layer('self_attn.qkv.bias'), role: 'vector', rows: 1, cols: q + 2 * kv, count: L });
  if (a.outputBias) groups.push({ name: layer('self_attn.o_proj.bias'), role: 'vector', rows: 1, cols: a.hidden, count: L });
  if (a.qkNorm === 'head') groups.push({ name: layer('self_attn.qk_norm.weight'), role: 'vector', rows: 1, cols: 2 * a.headDim, count: L });
  if (a.qkNorm === 'full') groups.push({ name: layer('self_attn.qk_norm.weight'), role: 'vector', rows: 1, cols: q + kv, count: L });
  return groups;
}

function mlpTensors(a: ModelArchitecture): TensorGroup[] {
  const L = a.layers;
  const I = a.intermediate;
  const groups: TensorGroup[] = [];
  if (a.mlp === 'plain') {
    groups.push({ name: layer('mlp.fc1.weight'), role: 'linear', rows: I, cols: a.hidden, count: L });
  } else if (a.fusedGateUp) {
    groups.push({ name: layer('mlp.gate_up_proj.weight'), role: 'linear', rows: 2 * I, cols: a.hidden, count: L });
  } else {
    groups.push({ name: layer('mlp.gate_proj.weight'), role: 'linear', rows: I, cols: a.hidden, count: L });
    groups.push({ name: layer('mlp.up_proj.weight'), role: 'linear', rows: I, cols: a.hidden, count: L });
  }
  groups.push({ name: layer(a.mlp === 'plain' ? 'mlp.fc2.weight' : 'mlp.down_proj.weight'), role: 'linear', rows: a.hidden, cols: I, count: L });
  if (a.mlpBias) groups.push({ name: layer('mlp.bias'), role: 'vector', rows: 1, cols: (a.mlp === 'plain' ? 1 : 2) * I + a.hidden, count: L });
  return groups;
}

/** Every weight of the model; a tied LM head is not listed (it is the embedding table). */
export function architectureTensors(a: ModelArchitecture): TensorGroup[] {
  const normWidth = a.norm === 'layer' ? 2 * a.hidden : a.hidden; // LayerNorm: weight and bias
  const groups: TensorGroup[] = [
    { name: 'model.embed_tokens.weight', role: 'embedding', rows: a.vocab, cols: a.hidden, count: 1 },
    ...attentionTensors(a),
    ...mlpTensors(a),
    { name: layer('norms'), role: 'vector', rows: 1, cols: a.normsPerLayer * normWidth, count: a.layers },
    { name: 'model.norm', role: 'vector', rows: 1, cols: normWidth, count: 1 },
  ];
  if (!a.tiedEmbeddings) groups.push({ name: 'lm_head.weight', role: 'lmHead', rows: a.vocab, cols: a.hidden, count: 1 });
  if (a.lmHeadBias) groups.push({ name: 'lm_head.bias', role: 'vector', rows: 1, cols: a.vocab, count: 1 });
  return groups;
}

export function groupParameters(group: TensorGroup): number {
  return group.rows * group.cols * group.count;
}

export function parameterCountOf(groups: readonly TensorGroup[]): number {
  return groups.reduce((sum, g) => sum + groupParameters(g), 0);
}

/** Elements of K and V cached per token, all layers: 2 * layers * kv_heads * head_dim. */
export function kvElementsPerToken(a: ModelArchitecture): number {
  return 2 * a.layers * a.kvHeads * a.headDim;
}
