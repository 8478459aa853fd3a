// Subgraphs the LLaMA layers share: the rotary cos/sin tables computed from position_ids, and the
// boolean attention pattern that combines causality (by cache index) with attention_mask padding.
import type { GraphBuilder } from './onnx-graph.ts';

export interface RotaryTables {
  /** [B,1,S,hd] float32, broadcast over heads. */
  cos: string;
  sin: string;
}

/** inv_freq[i] = theta^(-2i/hd), as HF computes it (float32 powers of the base). */
export function rotaryInverseFrequencies(hd: number, theta: number): Float32Array {
  const inv = new Float32Array(hd / 2);
  for (let i = 0; i < hd / 2; i++) inv[i] = 1 / Math.pow(theta, (2 * i) / hd);
  return inv;
}

/** cos/sin of position * inv_freq, duplicated to the full head width (HF rotate_half layout). */
export function addRotaryTables(g: GraphBuilder, positionIds: string, hd: number, theta: number): RotaryTables {
  const scope = '/model/rotary_emb';
  const invFreq = g.floatInitializer(`${scope}/inv_freq`, rotaryInverseFrequencies(hd, theta), [hd / 2]);
  const positions = g.node('Cast', `${scope}/Cast`, [positionIds], { to: 1 /* FLOAT */ }); // [B,S]
  const column = g.node('Unsqueeze', `${scope}/Unsqueeze`, [positions, g.int64Constant([2])]); // [B,S,1]
  const freqs = g.node('Mul', `${scope}/Mul`, [column, invFreq]); // [B,S,hd/2]
  const angles = g.node('Concat', `${scope}/Concat`, [freqs, freqs], { axis: -1 }); // [B,S,hd]
  const headAxis = g.int64Constant([1]);
  const cos = g.node('Unsqueeze', `${scope}/Unsqueeze_cos`, [g.node('Cos', `${scope}/Cos`, [angles]), headAxis]);
  const sin = g.node('Unsqueeze', `${scope}/Unsqueeze_sin`, [g.node('Sin', `${scope}/Sin`, [angles]), headAxis]);
  return { cos, sin };
}

/**
 * Boolean [B,1,S,T]: query i (cache index P+i, P = T-S) may attend key j when j <= P+i and
 * attention_mask[b,j] = 1. Built from cache indices, not position_ids, so left padding works.
 */
export function addCausalMask(g: GraphBuilder, inputIds: string, attentionMask: string): string {
  const scope = '/model/attention_mask';
  const one = g.int64Constant([1], []);
  const zero = g.int64Constant([0], []);
  const total = g.node('Gather', `${scope}/Gather_total`, [g.node('Shape', `${scope}/Shape_mask`, [attentionMask]), one], { axis: 0 }); // T
  const length = g.node('Gather', `${scope}/Gather_length`, [g.node('Shape', `${scope}/Shape_ids`, [inputIds]), one], { axis: 0 }); // S
  const past = g.node('Sub', `${scope}/Sub_past`, [total, length]); // P
  const keyIndex = g.node('Range', `${scope}/Range_key`, [zero, total, one]); // [T]
  const queryIndex = g.node('Range', `${scope}/Range_query`, [past, total, one]); // [S]
  const keyRow = g.node('Unsqueeze', `${scope}/Unsqueeze_key`, [keyIndex, g.int64Constant([0])]); // [1,T]
  const queryColumn = g.node('Unsqueeze', `${scope}/Unsqueeze_query`, [queryIndex, g.int64Constant([1])]); // [S,1]
  const causal = g.node('LessOrEqual', `${scope}/LessOrEqual`, [keyRow, queryColumn]); // [S,T] bool
  // AND of the two masks as a product of 0/1 floats: `And` has no WebGPU kernel and the wasm build
  // has no bool Where; Cast, Mul and Greater run on both providers.
  const causalFloat = g.node('Cast', `${scope}/Cast_causal`, [causal], { to: 1 /* FLOAT */ }); // [S,T]
  const padding = g.node('Cast', `${scope}/Cast_padding`, [attentionMask], { to: 1 /* FLOAT */ }); // [B,T]
  const paddingRows = g.node('Unsqueeze', `${scope}/Unsqueeze_padding`, [padding, g.int64Constant([1, 2])]); // [B,1,1,T]
  const both = g.node('Mul', `${scope}/Mul`, [causalFloat, paddingRows]); // [B,1,S,T]
  return g.node('Greater', `${scope}/Greater`, [both, g.floatScalar(0)]); // [B,1,S,T] bool
}
