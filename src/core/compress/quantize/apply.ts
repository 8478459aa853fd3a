// Runs one quantize step over the selected weights: int8, q4/q8 (MatMulNBits, optional AWQ and
// GatherBlockQuantized embeddings) or q8dyn per weight, fp16 over the whole graph. Progress per
// tensor; cancellation is checked between tensors, and the event loop given a turn every
// PACE_MS (pace.ts), so a worker sees a cancel message.
import type { CompressContext, StepOutcome } from '../context.ts';
import { RecipeError } from '../errors.ts';
import { DEFAULT_BLOCK_SIZE } from '../recipe.ts';
import type { CalibrationData, QuantizeStep, TensorReport } from '../types.ts';
import { quantizeDynamic } from './dynamic.ts';
import { embeddingRefusal, quantizeEmbedding, type EmbeddingOptions } from './embeddings.ts';
import { convertToFloat16 } from './fp16/convert.ts';
import { quantizeInt8 } from './int8.ts';
import { quantizeNBits } from './nbits.ts';
import { Pacer } from './pace.ts';

export const AWQ_NEEDS_CALIBRATION = 'AWQ needs calibration text: pass --calib <text file> (CLI) or calibration data (API) with a q4 awq step.';

export async function applyQuantizeStep(context: CompressContext, step: QuantizeStep, stepIndex: number, calibration: CalibrationData | null): Promise<StepOutcome> {
  if (step.method === 'fp16') return convertToFloat16(context, step, stepIndex);
  if (step.awq && !calibration) throw new RecipeError(`steps[${stepIndex}]: ${AWQ_NEEDS_CALIBRATION}`);
  const bits = step.method === 'q4' ? 4 : 8;
  const blockOptions: EmbeddingOptions = { bits, blockSize: step.blockSize ?? DEFAULT_BLOCK_SIZE, symmetric: step.symmetric ?? true };
  const notes: string[] = [];
  const weights = context.selectWeights(step.select);
  const wantsTables = step.embeddings === true && (step.method === 'q4' || step.method === 'q8');
  const tables = wantsTables ? context.selectEmbeddings(step.select).filter((table) => {
    const refusal = embeddingRefusal(table, blockOptions);
    if (refusal) notes.push(refusal);
    return refusal === null;
  }) : [];
  const total = weights.length + tables.length;
  const tensors: TensorReport[] = [];
  let awqMissing = 0;
  const pacer = new Pacer();
  for (const [i, weight] of weights.entries()) {
    context.checkCancelled();
    context.progress(stepIndex, weight.name, i, total, `${step.method}: ${weight.name} [${weight.K} x ${weight.N}]`);
    if (step.method === 'int8') tensors.push(quantizeInt8(context, weight, stepIndex));
    else if (step.method === 'q8dyn') tensors.push(quantizeDynamic(context, weight, step.symmetric ?? true, stepIndex));
    else {
      const report = quantizeNBits(context, weight, { ...blockOptions, awq: step.awq ? calibration : null }, stepIndex, step.method);
      if (step.awq && !report.awq) awqMissing++;
      tensors.push(report);
    }
    await pacer.turn();
  }
  for (const [i, table] of tables.entries()) {
    context.checkCancelled();
    context.progress(stepIndex, table.name, weights.length + i, total, `${step.method} embedding: ${table.name} [${table.vocab} x ${table.hidden}]`);
    tensors.push(quantizeEmbedding(context, table, blockOptions, stepIndex, step.method));
    await pacer.turn();
  }
  context.refresh();
  context.progress(stepIndex, '', total, total, `${step.method}: ${total} tensors done`);
  if (awqMissing > 0) notes.push(`AWQ: ${awqMissing} of ${weights.length} weights had no calibration rows for their input and were rounded to nearest.`);
  if (weights.length === 0) notes.push(`steps[${stepIndex}] (${step.method}) found no MatMul/Gemm weight to quantize in the selection.`);
  return { tensors, notes };
}
