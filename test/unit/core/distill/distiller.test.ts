// A distillation run end to end on tiny models: the ONNX teacher stays bit-identical, the exported
// student's ONNX logits equal the TF.js student's, a checkpoint resumes the same loss trajectory,
// and bad inputs fail with typed, actionable errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { DataOrder } from '../../../../src/core/distill/data-order.ts';
import { Distiller, type DistillCheckpoint } from '../../../../src/core/distill/distiller.ts';
import { asOutOfMemory, DistillConfigError, TrainOutOfMemoryError, TransferSetError } from '../../../../src/core/distill/errors.ts';
import { HeldOutEvaluator } from '../../../../src/core/distill/held-out.ts';
import { checkStudentAgainstTeacher, DEFAULT_DISTILL_OPTIONS, type DistillOptions } from '../../../../src/core/distill/options.ts';
import { runDistillation } from '../../../../src/core/distill/run.ts';
import { OnnxTeacher, teacherCompletions, transferStream } from '../../../../src/core/distill/teacher.ts';
import type { LlamaConfig } from '../../../../src/core/models/llama-config.ts';
import { buildLlamaOnnx } from '../../../../src/core/models/llama-onnx.ts';
import { runLlamaStep } from '../../../../src/core/models/llama-runner.ts';
import { encodeOnnxModel } from '../../../../src/core/models/onnx-graph.ts';
import { createSession } from '../../../../src/core/runtime/ort.ts';
import { useTrainBackend } from '../../../../src/core/train/tf.ts';
import { makeTinyModel, maxAbsDiff, TINY_CONFIG, type TinyModel } from '../models/tiny-llama.ts';

const STUDENT: LlamaConfig = { ...TINY_CONFIG, hidden_size: 16, intermediate_size: 24, num_hidden_layers: 1, num_attention_heads: 2, num_key_value_heads: 1 };
const OPTIONS: DistillOptions = { ...DEFAULT_DISTILL_OPTIONS, steps: 6, batchSize: 2, contextLength: 12, learningRate: 1e-2, minLearningRate: 1e-3, warmupSteps: 2, seed: 9 };
const PHRASE = [5, 17, 42, 8, 63, 30, 11, 4, 27, 9, 50, 33];
const TOKENS = Int32Array.from({ length: 300 }, (_, i) => (i % 13 === 12 ? 3 + ((i / 13) % 7) : PHRASE[i % 13]!));

let teacherModel: TinyModel;
let teacher: OnnxTeacher;

async function trainSteps(distiller: Distiller, n: number): Promise<number[]> {
  const totals: number[] = [];
  for (let i = 0; i < n; i++) totals.push((await distiller.trainStep()).total);
  return totals;
}

describe('distillation run', () => {
  beforeAll(async () => {
    await useTrainBackend('wasm');
    teacherModel = await makeTinyModel();
    teacher = new OnnxTeacher(teacherModel.session, TINY_CONFIG);
  });

  it('trains the student only: the teacher is bit-identical afterwards, the student moved and its loss fell', async () => {
    const probe = { batchSize: 1, length: 12, inputs: TOKENS.slice(0, 12), targets: TOKENS.slice(1, 13) };
    const weightsBefore = Object.fromEntries(Object.entries(teacherModel.weights).map(([k, v]) => [k, Float32Array.from(v)]));
    const logitsBefore = Float32Array.from(await teacher.logits(probe));
    const distiller = new Distiller(STUDENT, { ...OPTIONS, steps: 8, alpha: 0.7 }, teacher, TOKENS);
    const initial = distiller.exportWeights();
    const totals = await trainSteps(distiller, 8);
    const trained = distiller.exportWeights();
    distiller.dispose();
    expect(totals.at(-1)!).toBeLessThan(totals[0]! - 0.1);
    expect(maxAbsDiff(initial['model.norm.weight']!, trained['model.norm.weight']!)).toBeGreaterThan(0);
    for (const [name, values] of Object.entries(teacherModel.weights)) expect(Buffer.from(values.buffer).equals(Buffer.from(weightsBefore[name]!.buffer))).toBe(true);
    expect(Buffer.from((await teacher.logits(probe)).buffer).equals(Buffer.from(logitsBefore.buffer))).toBe(true);
  });

  it('exports a student whose ONNX logits (onnxruntime) equal the TF.js logits within 1e-4', async () => {
    const distiller = new Distiller(STUDENT, OPTIONS, teacher, TOKENS);
    await trainSteps(distiller, 3);
    const batch = distiller.order.batch([0, 3]);
    const tfLogits = distiller.studentLogits(batch);
    const { session } = await createSession(encodeOnnxModel(buildLlamaOnnx(STUDENT, distiller.exportWeights())), 'wasm');
    distiller.dispose();
    const rows = [Array.from(batch.inputs.subarray(0, 12)), Array.from(batch.inputs.subarray(12, 24))];
    const { logits } = await runLlamaStep(session, STUDENT, { inputIds: rows });
    await session.release();
    expect(maxAbsDiff(logits, tfLogits)).toBeLessThanOrEqual(1e-4);
  });

  it('resumes from a stored checkpoint on the same loss trajectory as an uninterrupted run (|diff| <= 1e-6)', async () => {
    const options = { ...OPTIONS, alpha: 0.5, temperature: 2 };
    const whole = new Distiller(STUDENT, options, teacher, TOKENS);
    const uninterrupted = await trainSteps(whole, 6);
    whole.dispose();

    const first = new Distiller(STUDENT, options, teacher, TOKENS);
    const head = await trainSteps(first, 3);
    // structuredClone: what IndexedDB stores and gives back.
    const checkpoint: DistillCheckpoint = structuredClone(first.checkpoint());
    first.dispose();
    const resumed = new Distiller(STUDENT, options, teacher, TOKENS, checkpoint);
    expect(resumed.step).toBe(3);
    const tail = await trainSteps(resumed, 3);
    expect(resumed.history.map((s) => s.total)).toEqual([...head, ...tail]);
    resumed.dispose();
    const diffs = [...head, ...tail].map((loss, i) => Math.abs(loss - uninterrupted[i]!));
    expect(Math.max(...diffs)).toBeLessThanOrEqual(1e-6);
  });

  it('runs the loop with held-out figures, checkpoints and a cancel that keeps a checkpoint', async () => {
    const distiller = new Distiller(STUDENT, { ...OPTIONS, steps: 4 }, teacher, TOKENS);
    const heldOut = new HeldOutEvaluator(teacher, TOKENS.slice(150), 12, 2);
    const checkpoints: number[] = [];
    const controller = new AbortController();
    const summary = await runDistillation(distiller, {
      heldOut,
      evalEvery: 2,
      checkpointEvery: 1,
      signal: controller.signal,
      onProgress: (p) => p.step === 3 && controller.abort(),
      onCheckpoint: (c) => void checkpoints.push(c.step),
    });
    distiller.dispose();
    expect(summary.cancelled).toBe(true);
    expect(summary.steps).toBe(3);
    expect(checkpoints.at(-1)).toBe(3);
    expect(summary.heldOut.map((r) => r.step)).toEqual([0, 2]);
    const [before, after] = summary.heldOut;
    expect(after!.kldToTeacher).toBeLessThan(before!.kldToTeacher);
    expect(before!.teacherPpl).toBeCloseTo(after!.teacherPpl, 6);
  });

  it('writes a seeded sequence-level transfer set from the teacher', async () => {
    const sampling = { temperature: 1, topK: 20, topP: 0.95, seed: 3, maxNewTokens: 10 };
    const a = await teacherCompletions(teacher, [[5, 17], [42]], sampling);
    const b = await teacherCompletions(teacher, [[5, 17], [42]], sampling);
    expect(a).toEqual(b);
    expect(a[0]!.slice(0, 2)).toEqual([5, 17]);
    expect(a[0]!.length).toBeGreaterThan(2);
    const stream = transferStream(a, TINY_CONFIG.eos_token_id);
    expect(stream.filter((t) => t === TINY_CONFIG.eos_token_id).length).toBeGreaterThanOrEqual(2);
  });

  it('rejects a foreign vocabulary or tokenizer, a context beyond the teacher, an empty transfer set; maps OOM', () => {
    expect(() => checkStudentAgainstTeacher({ ...STUDENT, vocab_size: 128 }, TINY_CONFIG, 12)).toThrow(DistillConfigError);
    expect(() => checkStudentAgainstTeacher({ ...STUDENT, vocab_size: 128 }, TINY_CONFIG, 12)).toThrow(/set vocab_size to 64/);
    expect(() => checkStudentAgainstTeacher({ ...STUDENT, eos_token_id: 3 }, TINY_CONFIG, 12)).toThrow(/eos_token_id/);
    expect(() => checkStudentAgainstTeacher(STUDENT, TINY_CONFIG, 12, { teacher: '{"a":1}', student: '{"a":2}' })).toThrow(/own tokenizer/);
    expect(() => checkStudentAgainstTeacher({ ...STUDENT, max_position_embeddings: 256 }, TINY_CONFIG, 100)).toThrow(/at most 64/);
    expect(() => new DataOrder(new Int32Array(0), 12, 1)).toThrow(TransferSetError);
    expect(() => new Distiller(STUDENT, OPTIONS, teacher, new Int32Array(5))).toThrow(/needs 13/);
    const oom = asOutOfMemory(new RangeError('Array buffer allocation failed'), { batch: 64, context: 128, step: 7 });
    expect(oom).toBeInstanceOf(TrainOutOfMemoryError);
    expect((oom as Error).message).toMatch(/Lower the batch size/);
    const other = new Error('shape mismatch');
    expect(asOutOfMemory(other, { batch: 1, context: 1, step: 1 })).toBe(other);
  });
});
