// Which linear weights a prune step touches. With no `include` patterns: every float MatMul/Gemm
// weight except the output projection (the LM head, whose node writes a graph output): Wanda and
// SparseGPT leave the head dense because every logit depends on all of it. Giving `include` patterns
// replaces that default (include 'lm_head' to prune it too); `exclude` and `minElements` always apply.
import type { CompressContext, LinearWeight } from '../context.ts';
import type { TensorSelection } from '../types.ts';

/** True when one of the weight's nodes writes a graph output directly (the LM head writes `logits`). */
export function isOutputProjection(context: CompressContext, weight: LinearWeight): boolean {
  const outputs = new Set(context.index.outputs.map((output) => output.name ?? ''));
  return weight.nodes.some((node) => (node.output ?? []).some((name) => outputs.has(name)));
}

export function selectPruneWeights(context: CompressContext, selection: TensorSelection | undefined): LinearWeight[] {
  const selected = context.selectWeights(selection);
  if ((selection?.include ?? []).length > 0) return selected;
  return selected.filter((weight) => !isOutputProjection(context, weight));
}
