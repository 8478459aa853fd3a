// The KD loss in TF.js against an independent float64 implementation: value, gradient (central
// finite differences of the float64 loss), the T^2 factor and the alpha = 0 / 1 limits.
import { beforeAll, describe, expect, it } from 'vitest';
import { kdLoss, kdLossReference } from '../../../../src/core/distill/kd-loss.ts';
import { SeededRandom } from '../../../../src/core/models/seeded-random.ts';
import { tf, useTrainBackend } from '../../../../src/core/train/tf.ts';

const ROWS = 3;
const VOCAB = 7;

function randomLogits(seed: number, scale = 2): Float32Array {
  const random = new SeededRandom(seed);
  return Float32Array.from({ length: ROWS * VOCAB }, () => random.normal() * scale);
}

const TARGETS = Int32Array.from([1, 4, 6]);

function tfLoss(student: Float32Array, teacher: Float32Array | null, alpha: number, temperature: number): { total: number; soft: number; hard: number; grad: Float32Array } {
  return tf.tidy(() => {
    const teacherTensor = teacher ? tf.tensor2d(teacher, [ROWS, VOCAB]) : null;
    const targets = tf.tensor1d(TARGETS, 'int32');
    const parts = kdLoss(tf.tensor2d(student, [ROWS, VOCAB]), teacherTensor, targets, { alpha, temperature });
    const grad = tf.grad((z: tf.Tensor) => kdLoss(z as tf.Tensor2D, teacherTensor, targets, { alpha, temperature }).total)(tf.tensor2d(student, [ROWS, VOCAB]));
    return { total: parts.total.dataSync()[0]!, soft: parts.soft.dataSync()[0]!, hard: parts.hard.dataSync()[0]!, grad: grad.dataSync() as Float32Array };
  });
}

describe('knowledge-distillation loss', () => {
  beforeAll(async () => {
    await useTrainBackend('wasm');
  });

  it('matches the float64 reference in value, and its gradient matches finite differences', () => {
    const student = randomLogits(1);
    const teacher = randomLogits(2);
    for (const [alpha, temperature] of [[0.3, 2], [0.7, 4], [1, 1]] as const) {
      const ours = tfLoss(student, teacher, alpha, temperature);
      const reference = kdLossReference(student, teacher, TARGETS, VOCAB, { alpha, temperature });
      expect(ours.total).toBeCloseTo(reference.total, 5);
      expect(ours.soft).toBeCloseTo(reference.soft, 5);
      expect(ours.hard).toBeCloseTo(reference.hard, 5);
      const h = 1e-3;
      for (let i = 0; i < student.length; i++) {
        const plus = Float64Array.from(student);
        const minus = Float64Array.from(student);
        plus[i]! += h;
        minus[i]! -= h;
        const numeric = (kdLossReference(plus, teacher, TARGETS, VOCAB, { alpha, temperature }).total - kdLossReference(minus, teacher, TARGETS, VOCAB, { alpha, temperature }).total) / (2 * h);
        expect(Math.abs(ours.grad[i]! - numeric)).toBeLessThan(2e-5);
      }
    }
  });

  it('scales the soft term by T^2, which keeps its gradient scale independent of T', () => {
    const student = randomLogits(3, 0.5);
    const teacher = randomLogits(4, 0.5);
    const norm = (g: Float32Array): number => Math.hypot(...g);
    const klAt = (t: number): number => kdLossReference(student, teacher, TARGETS, VOCAB, { alpha: 1, temperature: t }).soft / (t * t);
    for (const t of [2, 4]) expect(tfLoss(student, teacher, 1, t).soft).toBeCloseTo(t * t * klAt(t), 5);
    // Without T^2 the soft gradient shrinks like 1/T^2 as T grows; with it, it settles to the
    // logit-matching limit (z_s - z_t) / (N V), independent of T.
    const g4 = norm(tfLoss(student, teacher, 1, 4).grad);
    const g8 = norm(tfLoss(student, teacher, 1, 8).grad);
    const g16 = norm(tfLoss(student, teacher, 1, 16).grad);
    expect(g8 / g4).toBeGreaterThan(0.9);
    expect(g8 / g4).toBeLessThan(1.1);
    expect(g16 / g8).toBeGreaterThan(0.97);
    expect(g16 / g8).toBeLessThan(1.03);
  });

  it('is plain cross-entropy at alpha = 0 (no teacher needed) and pure T^2 * KL at alpha = 1', () => {
    const student = randomLogits(5);
    const teacher = randomLogits(6);
    const hardOnly = tfLoss(student, null, 0, 2);
    const withTeacher = tfLoss(student, teacher, 0, 2);
    const ce = kdLossReference(student, teacher, TARGETS, VOCAB, { alpha: 0, temperature: 1 }).hard;
    expect(hardOnly.total).toBeCloseTo(ce, 5);
    expect(withTeacher.total).toBeCloseTo(ce, 5);
    for (let i = 0; i < hardOnly.grad.length; i++) expect(withTeacher.grad[i]).toBeCloseTo(hardOnly.grad[i]!, 6);

    const softOnly = tfLoss(student, teacher, 1, 3);
    expect(softOnly.total).toBeCloseTo(softOnly.soft, 6);
    // The student that already equals the teacher has zero soft loss and zero gradient.
    const matched = tfLoss(teacher, teacher, 1, 3);
    expect(Math.abs(matched.total)).toBeLessThan(1e-6);
    expect(Math.max(...matched.grad.map(Math.abs))).toBeLessThan(1e-6);
  });
});
