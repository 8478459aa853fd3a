// Plain-words explanations of every option of the compression engine, shown next to the recipe
// builder's controls: what it does, what it costs, where the result runs and what it needs. Data
// only; the records are typed by the engine's own unions so a new method cannot ship unexplained.
import type { PruneNeuronsStep, PruneStep, QuantMethod, SparsityPattern } from '../compress/types.ts';

export interface Explanation {
  /** Short name shown in pickers. */
  label: string;
  /** What it does to the weights. */
  what: string;
  /** What it costs and what it buys: file size, speed, quality. */
  cost: string;
  /** Where the result runs. */
  runsOn: string;
  /** What it needs before it can run (calibration text, a GPU feature), when anything. */
  needs?: string;
}

export type StepKind = 'prune' | 'prune-neurons' | 'quantize';
export type PruneScope = NonNullable<PruneStep['scope']>;

export const STEP_EXPLANATIONS: Record<StepKind, Explanation> = {
  prune: {
    label: 'Prune weights (sparsity)',
    what: 'Sets the least important individual weights to zero; the matrices keep their shape.',
    cost: 'Zeros do not make the file smaller or the browser faster: dense kernels multiply them anyway. They only pay when the file is compressed (gzip, a download).',
    runsOn: 'WebGPU and wasm, like the original model.',
  },
  'prune-neurons': {
    label: 'Remove MLP neurons (structured)',
    what: 'Deletes whole neurons of every MLP block: rows of the up and gate projections and the matching columns of the down projection.',
    cost: 'The matrices really shrink, so the file gets smaller and the model faster on every device. Quality drops faster than with the same share of unstructured zeros.',
    runsOn: 'WebGPU and wasm.',
  },
  quantize: {
    label: 'Quantize',
    what: 'Stores weights with fewer bits and a scale; the model computes with the dequantized values.',
    cost: 'Shrinks the file by 2× (fp16) to about 6× (q4); every weight moves by at most half a quantization step.',
    runsOn: 'Depends on the method: see below.',
  },
};

export const QUANT_EXPLANATIONS: Record<QuantMethod, Explanation> = {
  fp16: {
    label: 'fp16 — 16-bit floats',
    what: 'Converts float32 weights (and the activations around them) to float16.',
    cost: 'Half the size, almost no quality loss (11 bits of mantissa).',
    runsOn: 'wasm everywhere; on WebGPU only where the adapter has the shader-f16 feature (there is no fallback).',
    needs: 'A WebGPU adapter with shader-f16 to run on the GPU.',
  },
  int8: {
    label: 'int8 — 8-bit per output channel (DequantizeLinear)',
    what: 'One int8 value per weight and one float scale per output channel, dequantized in front of each MatMul.',
    cost: 'About a quarter of float32; the loss is usually too small to measure.',
    runsOn: 'WebGPU and wasm. Native onnxruntime (Python) at its default optimisation fuses these into MatMulNBits(bits=8, accuracy_level=4), which also quantizes activations (logits 0.079 apart on the demo model); to reproduce the browser\'s numbers there, use graph optimisation level "basic" or the session config entry session.disable_quant_qdq=1 (docs/measurements-notes.md).',
  },
  q4: {
    label: 'q4 — 4-bit blocks (MatMulNBits)',
    what: 'Weights in blocks along the input dimension; each block stores 4-bit codes and one scale (and a zero point when asymmetric).',
    cost: 'About 1/6 of float32 (block 32: 4 bits per weight plus one 32-bit scale per block). The largest quality loss of these methods; smaller blocks lose less and cost a few more bytes.',
    runsOn: 'WebGPU and wasm.',
  },
  q8: {
    label: 'q8 — 8-bit blocks (MatMulNBits)',
    what: 'Like q4 with 8-bit codes: blocks along the input dimension, one scale per block.',
    cost: 'About a quarter of float32 plus the scales; close to the original quality.',
    runsOn: 'WebGPU and wasm.',
  },
  q8dyn: {
    label: 'q8dyn — dynamic int8 (wasm only)',
    what: 'int8 weights with one scale per column; activations are quantized on the fly at run time (DynamicQuantizeLinear + MatMulInteger), as transformers.js "quantized" files do.',
    cost: 'About a quarter of float32 and integer kernels on the CPU; quantizing activations costs some extra quality. The activation scale is one per tensor, taken from the current input: decoding token by token with the KV cache scales differently from one pass over the whole prefix (logits up to 0.29 apart on the demo model, measured), so generated text and teacher-forced scores are two slightly different computations.',
    runsOn: 'wasm only: onnxruntime-web has no WebGPU kernels for MatMulInteger and DynamicQuantizeLinear.',
  },
};

export const PRUNE_METHOD_EXPLANATIONS: Record<PruneStep['method'], Explanation> = {
  magnitude: {
    label: 'magnitude |W|',
    what: 'Removes the weights with the smallest absolute value.',
    cost: 'Needs nothing but the weights; at high sparsity it hurts quality more than Wanda.',
    runsOn: 'Runs in the compress worker in seconds.',
  },
  wanda: {
    label: 'Wanda |W|·‖X‖',
    what: 'Scores each weight by its size times the typical size of the input it multiplies, then removes the lowest scores in each output row.',
    cost: 'Keeps far more quality than magnitude at 50% and beyond on large models (LLaMA-7B at 50%: perplexity 7.26 vs 17.29), whose activations have a few outlier channels. The 1M-parameter demo model has none (its largest input channel is 1.3-7x the median), so here Wanda and magnitude land close.',
    runsOn: 'Runs the original model once over calibration text first.',
    needs: 'Calibration text: the demo model\'s calibration.txt (training chapters, never the held-out text it is scored on), or text you paste.',
  },
};

export const PATTERN_EXPLANATIONS: Record<SparsityPattern, Explanation> = {
  unstructured: {
    label: 'unstructured',
    what: 'Any weight may become zero; you choose the share.',
    cost: 'Best quality for a given share of zeros. The file is as large as before and runs no faster; only its gzip size drops.',
    runsOn: 'WebGPU and wasm.',
  },
  '2:4': {
    label: '2:4 (50%)',
    what: 'In every 4 consecutive weights along the input, the 2 lowest scores become zero.',
    cost: 'Sparse tensor cores on some native GPUs run this faster; a browser does not: no speed-up and no smaller file, only a smaller gzip.',
    runsOn: 'WebGPU and wasm (as dense weights).',
  },
  '4:8': {
    label: '4:8 (50%)',
    what: 'In every 8 consecutive weights along the input, the 4 lowest scores become zero; more freedom than 2:4, so a little better quality.',
    cost: 'As 2:4: no speed-up and no smaller file in a browser, only a smaller gzip.',
    runsOn: 'WebGPU and wasm (as dense weights).',
  },
};

export const SCOPE_EXPLANATIONS: Record<PruneScope, string> = {
  'per-output': 'Each output row loses the same share of weights (what Wanda does): no row is emptied.',
  'per-tensor': 'One threshold per matrix: rows with small weights can lose more than others.',
  global: 'One threshold over all selected matrices: layers with small weights are pruned hardest.',
};

export const NEURON_SCORE_EXPLANATIONS: Record<PruneNeuronsStep['score'], Explanation> = {
  l2: {
    label: 'weight norms (L2)',
    what: 'Keeps the neurons whose weights are largest in size.',
    cost: 'Needs nothing but the weights.',
    runsOn: 'Runs in the compress worker in seconds.',
  },
  wanda: {
    label: 'Wanda (weights × activations)',
    what: 'Keeps the neurons that contribute most on real text: weights scaled by how active the neuron is.',
    cost: 'Usually keeps more quality than weight norms at the same width.',
    runsOn: 'Runs the original model once over calibration text first.',
    needs: 'Calibration text.',
  },
};

/** One line per option of a step, keyed by the recipe field it sets. */
export const OPTION_EXPLANATIONS = {
  blockSize: 'Weights per scale. Smaller blocks (16, 32) follow the weights more closely and cost more scale bytes; 128 is smallest and loses most.',
  symmetric: 'Asymmetric adds a zero point per block: better for weights that are not centred on zero, a few more bytes.',
  awq: 'AWQ scales the input channels that matter most before rounding and undoes it in front of the MatMul: less 4-bit error on real text for one extra Mul per weight. Needs calibration text (the demo model\'s calibration.txt, kept apart from the held-out text). It pays most on large models with outlier activation channels; on the small demo model the gain is a few percent of KL divergence.',
  embeddings: 'Also quantize the token embedding table (GatherBlockQuantized). Saves much of a small model\'s size, but runs on WebGPU only (no wasm kernel).',
  include: 'Only weights whose names match one of these regular expressions (one per line). Empty: every MatMul/Gemm weight (pruning also leaves the LM head dense).',
  exclude: 'Skip weights whose names match one of these regular expressions (one per line), e.g. lm_head.',
  minElements: 'Skip weights with fewer elements than this (small matrices save little and lose more).',
  sparsity: 'Share of weights set to zero, 0 to 95%.',
  neuronSparsity: 'Share of each MLP block\'s neurons removed, 0 to 95%.',
} as const;
