// Arguments of `llm-lab distill`, turned into the core's DistillOptions and transfer spec. Kept apart
// from the command so the flags, their defaults and their checks read in one place.
import { DEFAULT_DISTILL_OPTIONS, type DistillOptions } from '../../core/distill/options.ts';
import type { TeacherSampling } from '../../core/distill/teacher.ts';
import type { ArgsSpec, ParsedArgs } from '../args.ts';
import { UsageError } from '../args.ts';

export const DISTILL_ARGS: ArgsSpec = {
  positionals: [],
  options: {
    teacher: { type: 'string', valueName: 'model dir', description: 'the teacher: a model folder in transformers.js layout (onnx/model.onnx, config.json, tokenizer.json)' },
    'student-config': { type: 'string', valueName: 'config.json', description: "the student's LLaMA config (same vocabulary and special tokens as the teacher)" },
    transfer: { type: 'string', valueName: 'text file', description: 'transfer set: a text corpus' },
    generate: { type: 'string', valueName: 'prompts file | count', description: 'transfer set: completions the teacher writes, one per line of the prompts file, or this many from BOS' },
    'gen-temperature': { type: 'string', valueName: 'T', description: 'sampling temperature of the generated transfer set (default 1; 0 = greedy)' },
    'top-k': { type: 'string', valueName: 'K', description: 'top-k of the generated transfer set (default 40; 0 = off)' },
    'top-p': { type: 'string', valueName: 'P', description: 'top-p of the generated transfer set (default 0.95)' },
    'max-new-tokens': { type: 'string', valueName: 'N', description: 'tokens per generated completion (default 96)' },
    heldout: { type: 'string', valueName: 'text file', description: "held-out text for the figures (default: the teacher folder's heldout.txt, else the last 10% of --transfer)" },
    steps: { type: 'string', valueName: 'N', description: 'optimizer steps' },
    batch: { type: 'string', valueName: 'B', description: `windows per step (default ${DEFAULT_DISTILL_OPTIONS.batchSize})` },
    context: { type: 'string', valueName: 'C', description: `tokens per window (default ${DEFAULT_DISTILL_OPTIONS.contextLength}; at most the teacher's context)` },
    alpha: { type: 'string', valueName: 'A', description: `weight of the soft loss in [0, 1] (default ${DEFAULT_DISTILL_OPTIONS.alpha}; 0 = hard labels only)` },
    temperature: { type: 'string', valueName: 'T', description: `softmax temperature of the soft loss (default ${DEFAULT_DISTILL_OPTIONS.temperature})` },
    lr: { type: 'string', valueName: 'rate', description: `peak learning rate (default ${DEFAULT_DISTILL_OPTIONS.learningRate})` },
    seed: { type: 'string', valueName: 'S', description: `seed of the student's init and the data order (default ${DEFAULT_DISTILL_OPTIONS.seed})` },
    'no-cache': { type: 'boolean', description: "recompute the teacher's logits every batch instead of caching them per window" },
    out: { type: 'string', short: 'o', valueName: 'out dir', description: 'where the student model folder is written' },
    json: { type: 'boolean', description: 'print one JSON object (progress stays on stderr)' },
  },
};

function numberOption(args: ParsedArgs, name: string, fallback: number, check: (value: number) => boolean, rule: string): number {
  const raw = args.string(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !check(value)) throw new UsageError(`--${name} must be ${rule}, got '${raw}'`);
  return value;
}

const positiveInteger = (v: number): boolean => Number.isInteger(v) && v >= 1;

export function distillOptionsFrom(args: ParsedArgs): DistillOptions {
  if (args.string('steps') === undefined) throw new UsageError('missing --steps N');
  const steps = numberOption(args, 'steps', 0, positiveInteger, 'a positive integer');
  const learningRate = numberOption(args, 'lr', DEFAULT_DISTILL_OPTIONS.learningRate, (v) => v > 0, 'a positive number');
  return {
    ...DEFAULT_DISTILL_OPTIONS,
    steps,
    batchSize: numberOption(args, 'batch', DEFAULT_DISTILL_OPTIONS.batchSize, positiveInteger, 'a positive integer'),
    contextLength: numberOption(args, 'context', DEFAULT_DISTILL_OPTIONS.contextLength, positiveInteger, 'a positive integer'),
    alpha: numberOption(args, 'alpha', DEFAULT_DISTILL_OPTIONS.alpha, (v) => v >= 0 && v <= 1, 'a number in [0, 1]'),
    temperature: numberOption(args, 'temperature', DEFAULT_DISTILL_OPTIONS.temperature, (v) => v > 0, 'a positive number'),
    seed: numberOption(args, 'seed', DEFAULT_DISTILL_OPTIONS.seed, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer'),
    learningRate,
    minLearningRate: learningRate / 10,
    warmupSteps: Math.min(DEFAULT_DISTILL_OPTIONS.warmupSteps, Math.floor(steps / 10)),
    cacheTeacher: !args.flag('no-cache'),
  };
}

export function samplingFrom(args: ParsedArgs, seed: number): TeacherSampling {
  return {
    temperature: numberOption(args, 'gen-temperature', 1, (v) => v >= 0, 'a number >= 0'),
    topK: numberOption(args, 'top-k', 40, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer'),
    topP: numberOption(args, 'top-p', 0.95, (v) => v > 0 && v <= 1, 'a number in (0, 1]'),
    maxNewTokens: numberOption(args, 'max-new-tokens', 96, positiveInteger, 'a positive integer'),
    seed,
  };
}
