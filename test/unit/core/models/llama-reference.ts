// Independent float64 LLaMA forward pass, written from the Hugging Face modeling_llama.py math
// (RMSNorm, rotate_half RoPE, repeat_kv GQA, causal + padding mask, SwiGLU), with plain loops over HF
// [out, in] weights. The tests compare the ONNX graph and the tfjs model against it.
import type { LlamaConfig } from '../../../../src/core/models/llama-config.ts';
import type { LlamaWeights } from '../../../../src/core/models/llama-weights.ts';

type Vec = Float64Array;

function rmsNorm(x: Vec, w: Float32Array, eps: number): Vec {
  let sum = 0;
  for (const v of x) sum += v * v;
  const scale = 1 / Math.sqrt(sum / x.length + eps);
  return x.map((v, i) => v * scale * w[i]!);
}

/** y = W x with W in HF layout [out, in]. */
function linear(x: Vec, w: Float32Array, out: number): Vec {
  const y = new Float64Array(out);
  const n = x.length;
  for (let o = 0; o < out; o++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += w[o * n + i]! * x[i]!;
    y[o] = sum;
  }
  return y;
}

/** HF apply_rotary_pos_emb on one head vector at position `pos`. */
function rope(x: Vec, pos: number, theta: number): Vec {
  const hd = x.length;
  const half = hd / 2;
  const out = new Float64Array(hd);
  for (let d = 0; d < hd; d++) {
    const angle = pos / Math.pow(theta, (2 * (d % half)) / hd);
    const rotated = d < half ? -x[d + half]! : x[d - half]!;
    out[d] = x[d]! * Math.cos(angle) + rotated * Math.sin(angle);
  }
  return out;
}

const silu = (v: number): number => v / (1 + Math.exp(-v));

/**
 * logits [B, S, V] (float64) for a full sequence. Query s sees keys t <= s with attentionMask[b][t] = 1.
 * Rows of padded queries (no visible key) are NaN: callers compare real tokens only.
 */
export function referenceForward(config: LlamaConfig, weights: LlamaWeights, inputIds: number[][], attentionMask?: number[][], positionIds?: number[][]): Float64Array {
  const { hidden_size: c, intermediate_size: f, vocab_size: v, num_attention_heads: nh, num_key_value_heads: nkv } = config;
  const hd = c / nh;
  const groups = nh / nkv;
  const batch = inputIds.length;
  const length = inputIds[0]!.length;
  const logits = new Float64Array(batch * length * v);
  const w = (name: string): Float32Array => weights[name]!;
  for (let b = 0; b < batch; b++) {
    const mask = attentionMask?.[b] ?? new Array<number>(length).fill(1);
    const positions = positionIds?.[b] ?? Array.from({ length }, (_, i) => i);
    const embed = w('model.embed_tokens.weight');
    let xs: Vec[] = inputIds[b]!.map((id) => Float64Array.from(embed.subarray(id * c, (id + 1) * c)));
    for (let l = 0; l < config.num_hidden_layers; l++) {
      const p = `model.layers.${l}`;
      const hs = xs.map((x) => rmsNorm(x, w(`${p}.input_layernorm.weight`), config.rms_norm_eps));
      const heads = (vec: Vec, n: number): Vec[] => Array.from({ length: n }, (_, h) => vec.slice(h * hd, (h + 1) * hd));
      const qs = hs.map((h, s) => heads(linear(h, w(`${p}.self_attn.q_proj.weight`), nh * hd), nh).map((q) => rope(q, positions[s]!, config.rope_theta)));
      const ks = hs.map((h, s) => heads(linear(h, w(`${p}.self_attn.k_proj.weight`), nkv * hd), nkv).map((k) => rope(k, positions[s]!, config.rope_theta)));
      const vs = hs.map((h) => heads(linear(h, w(`${p}.self_attn.v_proj.weight`), nkv * hd), nkv));
      xs = xs.map((x, s) => {
        const context = new Float64Array(nh * hd);
        for (let h = 0; h < nh; h++) {
          const kvHead = Math.floor(h / groups); // HF repeat_kv
          const visible = Array.from({ length: s + 1 }, (_, t) => t).filter((t) => mask[t] === 1);
          const scores = visible.map((t) => {
            let dot = 0;
            for (let d = 0; d < hd; d++) dot += qs[s]![h]![d]! * ks[t]![kvHead]![d]!;
            return dot / Math.sqrt(hd);
          });
          const max = Math.max(...scores);
          const exps = scores.map((score) => Math.exp(score - max));
          const total = exps.reduce((a, e) => a + e, 0);
          for (let d = 0; d < hd; d++) {
            context[h * hd + d] = visible.length === 0 ? NaN : visible.reduce((acc, t, j) => acc + (exps[j]! / total) * vs[t]![kvHead]![d]!, 0);
          }
        }
        const attended = linear(context, w(`${p}.self_attn.o_proj.weight`), c);
        const mid = x.map((value, i) => value + attended[i]!);
        const h2 = rmsNorm(mid, w(`${p}.post_attention_layernorm.weight`), config.rms_norm_eps);
        const gate = linear(h2, w(`${p}.mlp.gate_proj.weight`), f);
        const up = linear(h2, w(`${p}.mlp.up_proj.weight`), f);
        const down = linear(gate.map((g, i) => silu(g) * up[i]!), w(`${p}.mlp.down_proj.weight`), c);
        return mid.map((value, i) => value + down[i]!);
      });
    }
    const head = config.tie_word_embeddings ? w('model.embed_tokens.weight') : w('lm_head.weight');
    xs.forEach((x, s) => {
      logits.set(linear(rmsNorm(x, w('model.norm.weight'), config.rms_norm_eps), head, v), (b * length + s) * v);
    });
  }
  return logits;
}
