// `llm-lab eval <model dir | model.onnx> --text <file> [--baseline <model dir>] [--context N]
// [--stride N] [--ppl-method strided|llama.cpp] [--no-cache] [--json]`: teacher-forced perplexity of a text under an ONNX model, and with a
// baseline the KL divergence, same top-1 and delta-p against it, computed by the same ONNX engine
// the browser runs (transformers.js over onnxruntime-web's wasm build). Model folders use the
// transformers.js layout; a bare model.onnx takes its tokenizer and config from the folder above
// `onnx/` or, failing that, from its own folder.
import { readFile, stat } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '../../core/errors.ts';
import { OnnxEngine } from '../../core/engines/onnx/engine.ts';
import type { LoadReport, ScoreResult, VariantSpec } from '../../core/engines/types.ts';
import { UsageError, type ParsedArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { DEFAULT_TOP_K } from '../../core/metrics/top-k.ts';
import { PERPLEXITY_METHODS, type PerplexityMethod } from '../../core/metrics/scoring-plan.ts';
import { baselineCacheKey, cacheDirectory, readCachedBaseline, writeCachedBaseline } from './eval-cache.ts';
import { buildEvalReport, renderEvalReport } from './eval-report.ts';
import { checkCalibrationOverlap, checkModelFile } from '../model-check.ts';
import { confinedFileFetch } from '../model-files.ts';

/** Context when --context is absent: the model's own, capped so a window's logits stay small. */
const DEFAULT_CONTEXT_CAP = 512;
const METADATA = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

export interface LocalModel {
  /** The folder holding config.json and the tokenizer. */
  folder: string;
  /** The weights, relative to `folder` (e.g. onnx/model.onnx). */
  file: string;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function hasMetadata(folder: string): Promise<boolean> {
  return (await Promise.all(METADATA.map((name) => isFile(join(folder, name))))).every(Boolean);
}

/** Where a model's weights, config and tokenizer are; throws InvalidArgumentError saying what is missing. */
export async function locateModel(path: string, cwd: string): Promise<LocalModel> {
  const absolute = resolve(cwd, path);
  const info = await stat(absolute).catch(() => null);
  if (!info) throw new InvalidArgumentError(`Cannot read ${path}: no such file or folder.`);
  if (info.isDirectory()) {
    if (!(await isFile(join(absolute, 'onnx/model.onnx')))) {
      throw new InvalidArgumentError(`${path} has no onnx/model.onnx. Give a model folder in transformers.js layout, or the .onnx file itself.`);
    }
    if (!(await hasMetadata(absolute))) throw new InvalidArgumentError(`${path} lacks ${METADATA.join(', ')}; it is not a transformers.js model folder.`);
    return { folder: absolute, file: 'onnx/model.onnx' };
  }
  const parent = dirname(absolute);
  // transformers.js layout first (<folder>/onnx/<file>), then the model's own folder.
  const candidates = basename(parent) === 'onnx' ? [dirname(parent), parent] : [parent];
  for (const folder of candidates) {
    if (await hasMetadata(folder)) return { folder, file: relative(folder, absolute).split('\\').join('/') };
  }
  throw new InvalidArgumentError(`Found no ${METADATA.join(', ')} for ${path}: put them in the folder above onnx/ (transformers.js layout) or next to the .onnx file.`);
}

/** An ONNX engine reading this model folder from disk, and the spec that loads it on wasm. */
export function engineFor(model: LocalModel): { engine: OnnxEngine; spec: VariantSpec } {
  const engine = new OnnxEngine({ fetch: confinedFileFetch(model.folder), endpoints: { demoPackUrl: pathToFileURL(`${dirname(model.folder)}/`).href } });
  return { engine, spec: { model: { source: 'demo-pack', modelId: basename(model.folder), dtype: 'fp32', file: model.file }, device: 'wasm' } };
}

function positiveInteger(args: ParsedArgs, name: string): number | undefined {
  const raw = args.string(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a positive integer, got '${raw}'`);
  return value;
}

async function readText(path: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`Cannot read the text file ${path}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such file' : String(error)}.`, { cause: error });
  }
}

interface Scored {
  load: LoadReport;
  score: ScoreResult;
}

interface Window {
  context?: number;
  stride?: number;
  method: PerplexityMethod;
}

/** Scores with the model; a baseline keeps its full distributions, a variant is compared with them. */
async function scoreWith(model: LocalModel, text: string, window: Window, baseline?: ScoreResult): Promise<Scored> {
  const { engine, spec } = engineFor(model);
  const load = await engine.load(spec);
  try {
    const context = window.context ?? Math.min(load.maxContext, DEFAULT_CONTEXT_CAP);
    const compared = baseline ? { baseline: baseline.distribution, ...(baseline.full ? { baselineFull: baseline.full } : {}) } : { keepFull: true };
    const score = await engine.score(text, { context, method: window.method, ...(window.stride ? { stride: window.stride } : {}), ...compared });
    return { load, score };
  } finally {
    await engine.unload();
  }
}

/** The baseline's scores from the CLI's cache, or scored now and cached (`--no-cache`: neither). */
async function baselineScores(model: LocalModel, text: string, window: Window, useCache: boolean): Promise<Scored> {
  if (!useCache) return scoreWith(model, text, window);
  const directory = cacheDirectory();
  const key = await baselineCacheKey({ folder: model.folder, file: model.file, text, context: window.context ?? -1, stride: window.stride, method: window.method, topK: DEFAULT_TOP_K });
  const cached = await readCachedBaseline(directory, key);
  if (cached) return cached;
  const scored = await scoreWith(model, text, window);
  await writeCachedBaseline(directory, key, scored).catch(() => undefined); // a read-only cache only costs time
  return scored;
}

function pplMethod(args: ParsedArgs): PerplexityMethod {
  const raw = args.string('ppl-method') ?? 'strided';
  if (!(PERPLEXITY_METHODS as readonly string[]).includes(raw)) throw new UsageError(`--ppl-method must be one of ${PERPLEXITY_METHODS.join(', ')}, got '${raw}'`);
  return raw as PerplexityMethod;
}

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'perplexity of a text under an ONNX model, and KL divergence / top-1 agreement against a baseline',
  args: {
    positionals: [{ name: 'model', description: 'model folder (transformers.js layout) or model.onnx (tokenizer from the folder above onnx/ or beside it)', required: true }],
    options: {
      text: { type: 'string', valueName: 'file', description: 'the reference text (UTF-8) to score' },
      baseline: { type: 'string', valueName: 'model', description: 'score the baseline first and compare the model with it' },
      context: { type: 'string', valueName: 'N', description: `tokens per window (default: the model's context, at most ${DEFAULT_CONTEXT_CAP})` },
      stride: { type: 'string', valueName: 'N', description: 'strided method: tokens scored per window after the first (default: context / 2)' },
      'ppl-method': { type: 'string', valueName: 'method', description: 'strided (default: windows, every token scored once) or llama.cpp (chunks of --context, BOS first, second half scored)' },
      'no-cache': { type: 'boolean', description: 'score the baseline even when the cache (~/.cache/llm-lab or $LLM_LAB_CACHE_DIR) has it, and do not store it' },
      json: { type: 'boolean', description: 'print one JSON object' },
      'allow-overlap': { type: 'boolean', description: 'score the model even on the text that calibrated it (AWQ, Wanda); refused otherwise' },
    },
  },
  async run(args, io) {
    const textPath = args.string('text');
    if (!textPath) throw new UsageError('missing --text <file>');
    const window: Window = { context: positiveInteger(args, 'context'), stride: positiveInteger(args, 'stride'), method: pplMethod(args) };
    const text = await readText(textPath, io.cwd);
    // The weights first (a truncated file is named as such), external data confined to the folder.
    const checked = checkModelFile(args.positional(0), io.cwd);
    if (args.string('baseline')) checkModelFile(args.string('baseline')!, io.cwd);
    await checkCalibrationOverlap(args.positional(0), checked, textPath, text, args.flag('allow-overlap'));
    const model = await locateModel(args.positional(0), io.cwd);
    const baselineModel = args.string('baseline') ? await locateModel(args.string('baseline')!, io.cwd) : undefined;
    // Node waits at exit for V8's optimizing compile of onnxruntime's 26 MB wasm (minutes on two
    // cores); the baseline compiler alone starts in ~2 s and lets the process end when it is done.
    setFlagsFromString('--liftoff-only');
    const baseline = baselineModel ? await baselineScores(baselineModel, text, window, !args.flag('no-cache')) : undefined;
    const variant = await scoreWith(model, text, { ...window, context: window.context ?? baseline?.score.context }, baseline?.score);
    const report = buildEvalReport({ model: args.positional(0), baseline: args.string('baseline'), text: textPath, variant, reference: baseline });
    io.stdout(args.flag('json') ? `${JSON.stringify(report, null, 2)}\n` : renderEvalReport(report));
  },
};
