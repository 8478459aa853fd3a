// The frozen teacher: the ONNX model run by onnxruntime (the lab's runtime adapter), asked for the
// full-vocabulary logits of each training window. Optionally cached per window for the whole
// transfer set, trading memory (reported in bytes) for one teacher pass per window instead of one
// per visit. The teacher is never written to: its session holds the only copy of its weights.
import type { LlamaConfig } from '../models/llama-config.ts';
import { argmaxRow, runLlamaStep } from '../models/llama-runner.ts';
import type { OrtSession } from '../runtime/ort.ts';
import { applyTemperature, applyTopK, applyTopP } from '../engines/onnx/decode-hooks.ts';
import { TokenSampler } from '../engines/onnx/token-sampler.ts';
import type { TokenBatch } from '../train/batches.ts';
import { TransferSetError } from './errors.ts';

export interface Teacher {
  readonly config: LlamaConfig;
  /** Logits [B * T, V] of the rows of `batch.inputs`. */
  logits(batch: TokenBatch): Promise<Float32Array>;
}

export class OnnxTeacher implements Teacher {
  constructor(
    readonly session: OrtSession,
    readonly config: LlamaConfig,
  ) {}

  async logits(batch: TokenBatch): Promise<Float32Array> {
    const rows: number[][] = [];
    for (let r = 0; r < batch.batchSize; r++) rows.push(Array.from(batch.inputs.subarray(r * batch.length, (r + 1) * batch.length)));
    return (await runLlamaStep(this.session, this.config, { inputIds: rows })).logits;
  }
}

/** Teacher logits per window index, computed on first use and kept. */
export class TeacherLogitCache {
  readonly #rows = new Map<number, Float32Array>();

  constructor(readonly teacher: Teacher) {}

  /** Bytes held by cached logits (float32, T x V per window). */
  get bytes(): number {
    let total = 0;
    for (const rows of this.#rows.values()) total += rows.byteLength;
    return total;
  }

  get windows(): number {
    return this.#rows.size;
  }

  async logits(indices: readonly number[], batch: TokenBatch): Promise<Float32Array> {
    const vocab = this.teacher.config.vocab_size;
    const width = batch.length * vocab;
    const missing = indices.map((index, row) => ({ index, row })).filter(({ index }) => !this.#rows.has(index));
    if (missing.length > 0) {
      const inputs = new Int32Array(missing.length * batch.length);
      missing.forEach(({ row }, i) => inputs.set(batch.inputs.subarray(row * batch.length, (row + 1) * batch.length), i * batch.length));
      const fresh = await this.teacher.logits({ batchSize: missing.length, length: batch.length, inputs, targets: inputs });
      missing.forEach(({ index }, i) => this.#rows.set(index, fresh.slice(i * width, (i + 1) * width)));
    }
    const out = new Float32Array(indices.length * width);
    indices.forEach((index, row) => out.set(this.#rows.get(index)!, row * width));
    return out;
  }
}

export interface TeacherSampling {
  /** 0 = greedy. */
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  maxNewTokens: number;
}

/**
 * Sequence-level KD's transfer set (Kim & Rush 2016): the teacher continues each prompt with the
 * lab's seeded sampler. Returns prompt + continuation ids per prompt; the seed of prompt i is
 * `seed + i`, so one completion does not depend on how many came before it.
 */
export async function teacherCompletions(
  teacher: OnnxTeacher,
  prompts: readonly (readonly number[])[],
  sampling: TeacherSampling,
  hooks: { signal?: AbortSignal; onCompletion?: (done: number, total: number) => void } = {},
): Promise<number[][]> {
  if (prompts.length === 0) throw new TransferSetError('No prompts to generate a transfer set from: give at least one prompt or a count above 0.');
  const { config } = teacher;
  const out: number[][] = [];
  for (const [i, prompt] of prompts.entries()) {
    if (hooks.signal?.aborted) break;
    const sampler = new TokenSampler((sampling.seed + i) >>> 0);
    const ids = prompt.length > 0 ? [...prompt] : [config.bos_token_id];
    const room = Math.max(0, config.max_position_embeddings - ids.length);
    let step = await runLlamaStep(teacher.session, config, { inputIds: [ids.slice()] });
    let last = ids.length - 1;
    for (let n = 0; n < Math.min(sampling.maxNewTokens, room); n++) {
      const row = step.logits.slice(last * config.vocab_size, (last + 1) * config.vocab_size);
      let next: number;
      if (sampling.temperature === 0) next = argmaxRow(row, 0, config.vocab_size);
      else {
        applyTemperature(row, sampling.temperature);
        applyTopK(row, sampling.topK);
        applyTopP(row, sampling.topP);
        next = sampler.draw(row);
      }
      ids.push(next);
      if (next === config.eos_token_id) break;
      step = await runLlamaStep(teacher.session, config, { inputIds: [[next]], past: step.cache });
      last = 0;
    }
    out.push(ids);
    hooks.onCompletion?.(i + 1, prompts.length);
  }
  return out;
}

/** Joins sequences into one token stream for windowing; each sequence ends with EOS. */
export function transferStream(sequences: readonly (readonly number[])[], eos: number): Int32Array {
  const stream: number[] = [];
  for (const sequence of sequences) {
    stream.push(...sequence);
    if (sequence.at(-1) !== eos) stream.push(eos);
  }
  return Int32Array.from(stream);
}
