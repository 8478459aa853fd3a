// Live held-out figures during training, from the TF.js student and the ONNX teacher on the same
// fixed windows of held-out text: perplexity (exp of the mean next-token NLL), mean KL(teacher ||
// student) at T = 1, and the share of positions where both argmaxes agree. Every position of each
// window is scored (windows do not overlap), so these are "windowed" figures, not `llm-lab eval`'s
// sliding-window ones; the final figures of an exported student come from that eval instead.
import type { TokenBatch } from '../train/batches.ts';
import { windowStarts } from './data-order.ts';
import type { Teacher } from './teacher.ts';

export interface HeldOutFigures {
  ppl: number;
  kldToTeacher: number;
  top1: number;
  teacherPpl: number;
  positions: number;
}

interface RowStats {
  logZ: number;
  argmax: number;
}

function rowStats(logits: Float32Array, offset: number, vocab: number): RowStats {
  let max = -Infinity;
  let argmax = 0;
  for (let i = 0; i < vocab; i++) {
    const z = logits[offset + i]!;
    if (z > max) {
      max = z;
      argmax = i;
    }
  }
  let sum = 0;
  for (let i = 0; i < vocab; i++) sum += Math.exp(logits[offset + i]! - max);
  return { logZ: max + Math.log(sum), argmax };
}

export class HeldOutEvaluator {
  readonly batches: TokenBatch[] = [];
  #teacherLogits: Float32Array[] | null = null;

  constructor(
    readonly teacher: Teacher,
    tokens: Int32Array,
    length: number,
    maxWindows = 8,
    batchSize = 4,
  ) {
    const starts = windowStarts(tokens.length, length).slice(0, maxWindows);
    for (let b = 0; b < starts.length; b += batchSize) {
      const rows = starts.slice(b, b + batchSize);
      const inputs = new Int32Array(rows.length * length);
      const targets = new Int32Array(rows.length * length);
      rows.forEach((start, r) => {
        inputs.set(tokens.subarray(start, start + length), r * length);
        targets.set(tokens.subarray(start + 1, start + length + 1), r * length);
      });
      this.batches.push({ batchSize: rows.length, length, inputs, targets });
    }
  }

  /** Bytes of teacher logits held for the held-out windows. */
  get bytes(): number {
    return (this.#teacherLogits ?? []).reduce((sum, rows) => sum + rows.byteLength, 0);
  }

  async evaluate(studentLogits: (batch: TokenBatch) => Float32Array): Promise<HeldOutFigures> {
    const vocab = this.teacher.config.vocab_size;
    if (!this.#teacherLogits) {
      this.#teacherLogits = [];
      for (const batch of this.batches) this.#teacherLogits.push(await this.teacher.logits(batch));
    }
    let nll = 0;
    let teacherNll = 0;
    let kld = 0;
    let same = 0;
    let positions = 0;
    this.batches.forEach((batch, b) => {
      const s = studentLogits(batch);
      const t = this.#teacherLogits![b]!;
      for (let p = 0; p < batch.targets.length; p++) {
        const offset = p * vocab;
        const ss = rowStats(s, offset, vocab);
        const ts = rowStats(t, offset, vocab);
        const target = batch.targets[p]!;
        nll += ss.logZ - s[offset + target]!;
        teacherNll += ts.logZ - t[offset + target]!;
        for (let i = 0; i < vocab; i++) {
          const logPt = t[offset + i]! - ts.logZ;
          kld += Math.exp(logPt) * (logPt - (s[offset + i]! - ss.logZ));
        }
        if (ss.argmax === ts.argmax) same++;
        positions++;
      }
    });
    return { ppl: Math.exp(nll / positions), kldToTeacher: kld / positions, top1: same / positions, teacherPpl: Math.exp(teacherNll / positions), positions };
  }
}
