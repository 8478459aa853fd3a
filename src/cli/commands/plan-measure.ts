// `llm-lab plan <model> --measure`: this machine's side of the roofline, on the wasm backend in Node.
// Microbenchmarks (copy bandwidth at the model's own working set and at 32 MiB, float32 matmul),
// the decode and prefill bounds they give, and the decode speed the lab's ONNX engine reaches on the
// same model (one warm-up, then the median of three fixed-length generations), with the efficiency.
import { decodeTokensPerSecond, measureCopyBandwidth, measureMatmul, prefillTokensPerSecond, type MemoryPlan } from '../../core/plan/index.ts';
import { engineFor, locateModel } from './eval.ts';

const PROMPT = 'Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse,';
const NEW_TOKENS = 64;
const RUNS = 3;

export interface MachineMeasurement {
  copyBytesPerSWorkingSet: number;
  copyBytesPerS32MiB: number;
  matmulFlopsPerS: number;
  /** min(memory bound, compute bound): the roofline at this model's size. */
  predictedDecodeTokPerS: number;
  /** Bandwidth / bytes read per token, with the working-set copy rate (weights stay in cache when they fit). */
  memoryBoundDecodeTokPerS: number;
  memoryBoundDecodeTokPerSFromDram: number;
  /** Matmul FLOP/s / (2 x parameters): decode is a matrix-vector product per weight too. */
  computeBoundDecodeTokPerS: number;
  predictedPrefillTokPerS: number;
  measuredDecodeTokPerS: number;
  measuredPrefillTokPerS: number;
  decodeEfficiencyPercent: number;
  method: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function measureEngine(path: string, cwd: string): Promise<{ decode: number; prefill: number; promptTokens: number }> {
  const { engine, spec } = engineFor(await locateModel(path, cwd));
  await engine.load(spec);
  try {
    const options = { maxNewTokens: NEW_TOKENS, ignoreEos: true };
    await engine.generate(PROMPT, options); // warm-up: kernels compiled, buffers allocated
    const reports = [];
    for (let i = 0; i < RUNS; i++) reports.push(await engine.generate(PROMPT, options));
    return { decode: median(reports.map((r) => r.decodeTokensPerS)), prefill: median(reports.map((r) => r.prefillTokensPerS)), promptTokens: reports[0]!.promptTokenCount };
  } finally {
    await engine.unload();
  }
}

export async function measureThisMachine(path: string, cwd: string, plan: MemoryPlan): Promise<MachineMeasurement> {
  const now = () => performance.now();
  const workingSet = measureCopyBandwidth(now, plan.decodeWeightBytes);
  const dram = measureCopyBandwidth(now, 32 * 2 ** 20);
  const matmul = measureMatmul(now);
  const measured = await measureEngine(path, cwd);
  const length = measured.promptTokens + NEW_TOKENS / 2; // the average cache length while decoding
  // A copy moves each byte twice (read + write); decode mostly reads: use the read half as the rate.
  const memoryBound = decodeTokensPerSecond(plan, workingSet.bytesPerS / 2, length);
  const computeBound = prefillTokensPerSecond(plan.parameters, matmul.flopsPerS);
  const predicted = Math.min(memoryBound, computeBound);
  return {
    copyBytesPerSWorkingSet: workingSet.bytesPerS,
    copyBytesPerS32MiB: dram.bytesPerS,
    matmulFlopsPerS: matmul.flopsPerS,
    predictedDecodeTokPerS: predicted,
    memoryBoundDecodeTokPerS: memoryBound,
    memoryBoundDecodeTokPerSFromDram: decodeTokensPerSecond(plan, dram.bytesPerS / 2, length),
    computeBoundDecodeTokPerS: computeBound,
    predictedPrefillTokPerS: prefillTokensPerSecond(plan.parameters, matmul.flopsPerS),
    measuredDecodeTokPerS: measured.decode,
    measuredPrefillTokPerS: measured.prefill,
    decodeEfficiencyPercent: (100 * measured.decode) / predicted,
    method: `decode <= min(memory bound = (copy bandwidth / 2) / (weights read per token + KV at ${length} tokens), compute bound = JS float32 matmul FLOP/s / (2 x parameters)); copy measured over the weights' own size (${plan.decodeWeightBytes} B); measured: ${RUNS} runs of ${NEW_TOKENS} tokens after a warm-up, median, onnxruntime-web wasm in Node, 1 thread`,
  };
}
