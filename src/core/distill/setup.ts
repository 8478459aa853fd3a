// Everything a distillation needs, assembled from files in memory, so the CLI (disk), the worker
// (fetch + IndexedDB) and the demo-pack build share one path: the teacher folder (config, tokenizer,
// ONNX), the student config, the transfer set (a text, or completions the teacher writes), held-out
// text. The export writes the student in transformers.js layout with the teacher's tokenizer files.
import { generationConfig, jsonBytes, llamaConfigFromHf, llamaHfConfig } from '../models/hf-files.ts';
import type { LlamaConfig } from '../models/llama-config.ts';
import { buildLlamaOnnx } from '../models/llama-onnx.ts';
import type { LlamaWeights } from '../models/llama-weights.ts';
import { encodeOnnxModel } from '../models/onnx-graph.ts';
import { createSession } from '../runtime/ort.ts';
import { BpeTokenizer } from '../tokenizer/bpe-tokenizer.ts';
import { fromTokenizerJson } from '../tokenizer/tokenizer-json.ts';
import { DistillConfigError, TransferSetError } from './errors.ts';
import { checkStudentAgainstTeacher } from './options.ts';
import { OnnxTeacher, teacherCompletions, transferStream, type TeacherSampling } from './teacher.ts';

/** The files of a model folder (path relative to the folder -> bytes); onnx/model.onnx, config.json, tokenizer files. */
export type ModelFiles = ReadonlyMap<string, Uint8Array>;

export const TEACHER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;

export interface LoadedTeacher {
  teacher: OnnxTeacher;
  config: LlamaConfig;
  tokenizer: BpeTokenizer;
  files: ModelFiles;
}

const decoder = new TextDecoder();

function parseJson(files: ModelFiles, path: string, what: string): Record<string, unknown> {
  const bytes = files.get(path);
  if (!bytes) throw new DistillConfigError(`The ${what} has no ${path}; give a model folder in transformers.js layout.`);
  try {
    return JSON.parse(decoder.decode(bytes)) as Record<string, unknown>;
  } catch (error) {
    throw new DistillConfigError(`The ${what}'s ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Opens the teacher with onnxruntime (wasm) in this process / worker. */
export async function loadTeacher(files: ModelFiles): Promise<LoadedTeacher> {
  for (const path of TEACHER_FILES) if (!files.get(path)) throw new DistillConfigError(`The teacher folder has no ${path}; give a model folder in transformers.js layout (config.json, tokenizer.json, onnx/model.onnx).`);
  const config = llamaConfigFromHf(parseJson(files, 'config.json', 'teacher'));
  const tokenizer = new BpeTokenizer(fromTokenizerJson(parseJson(files, 'tokenizer.json', 'teacher')));
  if (tokenizer.vocabSize !== config.vocab_size) {
    throw new DistillConfigError(`The teacher's tokenizer has ${tokenizer.vocabSize} tokens but its config says vocab_size ${config.vocab_size}; the folder is inconsistent.`);
  }
  const { session } = await createSession(files.get('onnx/model.onnx')!, 'wasm');
  return { teacher: new OnnxTeacher(session, config), config, tokenizer, files };
}

/** Parses and checks a student config.json against the teacher. */
export function studentConfigFrom(json: Record<string, unknown>, teacher: LlamaConfig, contextLength: number, tokenizers: { teacher?: string; student?: string } = {}): LlamaConfig {
  let student: LlamaConfig;
  try {
    student = llamaConfigFromHf(json);
  } catch (error) {
    throw new DistillConfigError(`The student config is not a LLaMA config.json: ${(error as Error).message}`, { cause: error });
  }
  checkStudentAgainstTeacher(student, teacher, contextLength, tokenizers);
  return student;
}

export type TransferSpec =
  | { kind: 'text'; text: string }
  | { kind: 'generate'; prompts: string[]; sampling: TeacherSampling };

export interface TransferSet {
  tokens: Int32Array;
  description: string;
  /** Generated completions (sequence-level KD), decoded, for display. */
  samples?: string[];
}

export async function buildTransferSet(loaded: LoadedTeacher, spec: TransferSpec, hooks: { signal?: AbortSignal; onCompletion?: (done: number, total: number) => void } = {}): Promise<TransferSet> {
  if (spec.kind === 'text') {
    if (spec.text.trim().length === 0) throw new TransferSetError('The transfer text is empty: give a text file with the kind of text the student should learn.');
    const tokens = Int32Array.from(loaded.tokenizer.encode(spec.text));
    return { tokens, description: `text, ${tokens.length} tokens` };
  }
  const prompts = spec.prompts.map((p) => loaded.tokenizer.encode(p));
  const sequences = await teacherCompletions(loaded.teacher, prompts, spec.sampling, hooks);
  const tokens = transferStream(sequences, loaded.config.eos_token_id);
  const { temperature, topK, topP, seed, maxNewTokens } = spec.sampling;
  return {
    tokens,
    description: `${sequences.length} teacher completions (T ${temperature}, top-k ${topK}, top-p ${topP}, seed ${seed}, up to ${maxNewTokens} new tokens), ${tokens.length} tokens`,
    samples: sequences.map((ids) => loaded.tokenizer.decode(ids)),
  };
}

/** `count` empty prompts (the teacher starts from BOS): unconditional sequence-level KD. */
export function unconditionalPrompts(count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new TransferSetError(`The number of completions to generate must be a positive integer, got ${count}.`);
  return Array.from({ length: count }, () => '');
}

/** The student's model folder: its config and ONNX graph, the teacher's tokenizer files as they are. */
export function studentFolder(student: LlamaConfig, weights: LlamaWeights, teacherFiles: ModelFiles, extra: Record<string, unknown> = {}): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>([
    ['config.json', jsonBytes(llamaHfConfig(student))],
    ['generation_config.json', jsonBytes(generationConfig(student))],
    ['tokenizer.json', teacherFiles.get('tokenizer.json')!],
    ['tokenizer_config.json', teacherFiles.get('tokenizer_config.json')!],
    ['onnx/model.onnx', encodeOnnxModel(buildLlamaOnnx(student, weights))],
  ]);
  if (Object.keys(extra).length > 0) files.set('distill.json', jsonBytes(extra));
  return files;
}
