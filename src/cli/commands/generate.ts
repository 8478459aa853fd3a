// `llm-lab generate <model> --prompt P [--max-new-tokens N] [--temperature T] [--top-k K] [--top-p P]
// [--repetition-penalty R] [--seed S] [--stop S]... [--ignore-eos] [--json]`: one generation by the
// ONNX engine the browser runs (wasm), greedy unless a temperature > 0 is given. Same seed, same
// text; the timings follow metrics/timing.ts (forward passes only).
import { setFlagsFromString } from 'node:v8';
import { describeSampling, resolveSampling } from '../../core/engines/generation-options.ts';
import type { GenerateOptions } from '../../core/engines/types.ts';
import { UsageError, type ParsedArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { formatNumber } from '../format.ts';
import { engineFor, locateModel } from './eval.ts';

const DEFAULT_MAX_NEW_TOKENS = 64;

function numberOption(args: ParsedArgs, name: string, check: (value: number) => boolean, what: string): number | undefined {
  const raw = args.string(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !check(value)) throw new UsageError(`--${name} must be ${what}, got '${raw}'`);
  return value;
}

function generateOptions(args: ParsedArgs): GenerateOptions {
  const integer = (min: number) => (v: number) => Number.isInteger(v) && v >= min;
  const options: GenerateOptions = {
    maxNewTokens: numberOption(args, 'max-new-tokens', integer(1), 'a positive integer') ?? DEFAULT_MAX_NEW_TOKENS,
    temperature: numberOption(args, 'temperature', (v) => Number.isFinite(v) && v >= 0, 'a number >= 0 (0 = greedy)'),
    topK: numberOption(args, 'top-k', integer(0), 'a non-negative integer (0 = no limit)'),
    topP: numberOption(args, 'top-p', (v) => v > 0 && v <= 1, 'a number in (0, 1]'),
    repetitionPenalty: numberOption(args, 'repetition-penalty', (v) => Number.isFinite(v) && v > 0, 'a positive number (1 = off)'),
    seed: numberOption(args, 'seed', (v) => integer(0)(v) && v <= 0xffffffff, 'an integer in [0, 4294967295]'),
    stop: args.strings('stop'),
    ignoreEos: args.flag('ignore-eos'),
  };
  // Absent options stay absent, so the defaults are the engine's own.
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as unknown as GenerateOptions;
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'generate text from a prompt with an ONNX model (greedy, or seeded sampling)',
  args: {
    positionals: [{ name: 'model', description: 'model folder (transformers.js layout) or model.onnx', required: true }],
    options: {
      prompt: { type: 'string', valueName: 'text', description: 'the prompt (raw text; the tokenizer adds BOS if the model uses one)' },
      'max-new-tokens': { type: 'string', valueName: 'N', description: `most tokens to generate (default ${DEFAULT_MAX_NEW_TOKENS})` },
      temperature: { type: 'string', valueName: 'T', description: 'sampling temperature; 0 or absent = greedy' },
      'top-k': { type: 'string', valueName: 'K', description: 'sample among the K most likely tokens (0 = all)' },
      'top-p': { type: 'string', valueName: 'P', description: 'nucleus sampling threshold in (0, 1]' },
      'repetition-penalty': { type: 'string', valueName: 'R', description: 'CTRL repetition penalty (> 1 discourages repeats; 1 = off)' },
      seed: { type: 'string', valueName: 'S', description: 'seed of the sampler (default 0): same seed, same text' },
      stop: { type: 'string', valueName: 'text', repeatable: true, description: 'end when the output contains this text (not returned); repeatable' },
      'ignore-eos': { type: 'boolean', description: 'generate exactly --max-new-tokens, past the end-of-sequence token' },
      json: { type: 'boolean', description: 'print one JSON object' },
    },
  },
  async run(args, io) {
    const prompt = args.string('prompt');
    if (prompt === undefined) throw new UsageError('missing --prompt <text>');
    const options = generateOptions(args);
    const settings = resolveSampling(options);
    const model = await locateModel(args.positional(0), io.cwd);
    setFlagsFromString('--liftoff-only'); // see eval.ts: lets the process end without a long wasm compile
    const { engine, spec } = engineFor(model);
    const load = await engine.load(spec);
    try {
      const report = await engine.generate(prompt, options);
      if (args.flag('json')) {
        const { text, tokenIds, tokenCount, promptTokenCount, finishReason, timeToFirstTokenMs, prefillTokensPerS, decodeTokensPerS } = report;
        const summary = {
          model: args.positional(0), prompt, text, finishReason, tokens: tokenCount, promptTokens: promptTokenCount, tokenIds,
          sampling: { ...settings, description: describeSampling(settings) }, stop: options.stop ?? [],
          timeToFirstTokenMs, prefillTokensPerS, decodeTokensPerS, loadMs: load.loadMs, device: load.executionProvider,
        };
        io.stdout(`${JSON.stringify(summary, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
        return;
      }
      io.stdout(`${prompt}${report.text}\n`);
      io.stderr(`${report.tokenCount} tokens (${report.finishReason}), ${describeSampling(settings)}; decode ${formatNumber(report.decodeTokensPerS)} tok/s on ${load.executionProvider}\n`);
    } finally {
      await engine.unload();
    }
  },
};
