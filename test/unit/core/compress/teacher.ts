// The demo teacher (public/models/moby-llama-1m: trained LLaMA, transformers.js layout) and a
// quality comparison against it on its held-out text: sliding windows (src/core/metrics planWindows),
// exact KL divergence per position (k = V: topKLogProbs + klFromLogits) and same top-1, as the
// Compare page measures. Falls back to a random tiny LLaMA when the pack has not been built.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTokenizer } from '../../../../src/core/compress/calibration/index.ts';
import type { LlamaConfig } from '../../../../src/core/models/llama-config.ts';
import { runLlamaStep } from '../../../../src/core/models/llama-runner.ts';
import { argmax, klFromLogits, planWindows, scoredRows, topKLogProbs, type ScoreWindow } from '../../../../src/core/metrics/index.ts';
import { createSession } from '../../../../src/core/runtime/ort.ts';
import { makeTinyModel } from '../models/tiny-llama.ts';
import { loadMobyDick } from '../../../../scripts/demo-pack/corpus.ts';

export const TEACHER_DIR = join(import.meta.dirname, '../../../../public/models/moby-llama-1m');

export interface Teacher {
  source: 'demo-pack' | 'random tiny LLaMA';
  config: LlamaConfig;
  bytes: Uint8Array;
  /** Held-out token ids. */
  tokens: number[];
  /** Text to calibrate on (not the held-out text). */
  calibrationText: string;
  tokenizerJson: unknown;
}

export function teacherAvailable(): boolean {
  return existsSync(join(TEACHER_DIR, 'onnx/model.onnx')) && existsSync(join(TEACHER_DIR, 'heldout.txt'));
}

/** The demo teacher with its held-out tokens (at most `maxTokens`). */
export async function loadTeacher(maxTokens = 1024): Promise<Teacher> {
  if (!teacherAvailable()) {
    const tiny = await makeTinyModel();
    const tokens = Array.from({ length: 200 }, (_, i) => (i * 37 + 11) % tiny.config.vocab_size);
    return { source: 'random tiny LLaMA', config: tiny.config, bytes: tiny.bytes, tokens, calibrationText: '', tokenizerJson: null };
  }
  const tokenizerJson = JSON.parse(readFileSync(join(TEACHER_DIR, 'tokenizer.json'), 'utf8')) as unknown;
  const tokenizer = loadTokenizer(tokenizerJson);
  const heldout = readFileSync(join(TEACHER_DIR, 'heldout.txt'), 'utf8');
  return {
    source: 'demo-pack',
    config: JSON.parse(readFileSync(join(TEACHER_DIR, 'config.json'), 'utf8')) as LlamaConfig,
    bytes: new Uint8Array(readFileSync(join(TEACHER_DIR, 'onnx/model.onnx'))),
    tokens: tokenizer.encode(heldout).slice(0, maxTokens),
    calibrationText: trainingExcerpt(),
    tokenizerJson,
  };
}

/** Opening chapters of the book: training text (the held-out chapters are the last ones). */
function trainingExcerpt(): string {
  return loadMobyDick().slice(2, 6).map((doc) => doc.text).join('\n\n').slice(0, 12_000);
}

export interface QualityFigures {
  positions: number;
  meanKld: number;
  sameTop1: number;
}

/** Logits of every window of the teacher's held-out tokens for a model: [rows, V] per window. */
export async function windowLogits(bytes: Uint8Array, teacher: Teacher, windows: readonly ScoreWindow[]): Promise<Float32Array[]> {
  const { session } = await createSession(bytes, 'wasm');
  const out: Float32Array[] = [];
  for (const w of windows) out.push((await runLlamaStep(session, teacher.config, { inputIds: [teacher.tokens.slice(w.start, w.end)] })).logits);
  await session.release();
  return out;
}

export function teacherWindows(teacher: Teacher): ScoreWindow[] {
  const context = Math.min(128, teacher.config.max_position_embeddings);
  return planWindows(teacher.tokens.length, context, context / 2);
}

/** Mean KL(teacher || variant) and same-top-1 over every scored position. */
export function compareLogits(baseline: readonly Float32Array[], variant: readonly Float32Array[], windows: readonly ScoreWindow[], vocab: number): QualityFigures {
  let positions = 0;
  let kld = 0;
  let same = 0;
  windows.forEach((w, i) => {
    const { from, to } = scoredRows(w);
    for (let r = from; r < to; r++) {
      const p = baseline[i]!.subarray(r * vocab, (r + 1) * vocab);
      const q = variant[i]!.subarray(r * vocab, (r + 1) * vocab);
      kld += klFromLogits(topKLogProbs(p, vocab), q).kld;
      if (argmax(p) === argmax(q)) same++;
      positions++;
    }
  });
  return { positions, meanKld: kld / positions, sameTop1: same / positions };
}
