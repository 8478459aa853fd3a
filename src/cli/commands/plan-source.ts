// Where `llm-lab plan` gets a model from: a config.json file, a folder holding one (or an ONNX
// model in transformers.js layout), an .onnx file (planned from its own initializers), or a web-llm
// model id looked up in the installed catalogue through the lab's one web-llm adapter.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeModel } from '../../core/onnx/codec.ts';
import { architectureFromConfig, estimateWebLlmRecord, factsFromArchitecture, factsFromOnnx, findWebLlmRecord, PlanInputError } from '../../core/plan/index.ts';
import type { FormatId, ModelArchitecture, ModelFacts } from '../../core/plan/index.ts';
import { loadModelFile } from '../model-files.ts';

export interface PlanSource {
  model: string;
  /** The format planned: the requested dtype, the file's own storage, or the web-llm quantization. */
  dtype: string;
  facts: ModelFacts;
  architecture: ModelArchitecture | null;
  /** The context the source implies (web-llm's window) when --context is absent. */
  defaultContext: number | null;
  webllmVramRequiredMB: number | null;
  /** The ONNX file planned, when the source is one (for --measure). */
  onnxPath?: string;
  warnings: string[];
}

function kindOf(path: string): 'file' | 'folder' | null {
  try {
    const info = statSync(path);
    return info.isDirectory() ? 'folder' : 'file';
  } catch {
    return null;
  }
}

function fromConfig(path: string, shown: string, dtype: FormatId): PlanSource {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new PlanInputError(`${shown} is not valid JSON: ${(cause as Error).message}`, 'config');
  }
  const warnings: string[] = [];
  const architecture = architectureFromConfig(raw, warnings);
  return { model: shown, dtype, facts: factsFromArchitecture(architecture, dtype), architecture, defaultContext: null, webllmVramRequiredMB: null, warnings };
}

function fromOnnx(path: string, cwd: string, shown: string): PlanSource {
  const file = loadModelFile(path, cwd);
  const facts = factsFromOnnx(decodeModel(file.bytes, { name: file.name }), `ONNX initializers of ${shown}`);
  return { model: shown, dtype: 'as stored', facts, architecture: null, defaultContext: null, webllmVramRequiredMB: null, onnxPath: path, warnings: [] };
}

async function fromWebLlm(modelId: string): Promise<PlanSource> {
  // The lab's one Node-loadable web-llm adapter; core never imports web-llm.
  const { modelRecords } = await import('../../lib/engines/mlc/web-llm.ts');
  const record = findWebLlmRecord(modelRecords(), modelId);
  const estimate = estimateWebLlmRecord(record);
  return {
    model: modelId,
    dtype: estimate.format,
    facts: factsFromArchitecture(estimate.architecture.architecture, estimate.format),
    architecture: estimate.architecture.architecture,
    defaultContext: estimate.context,
    webllmVramRequiredMB: estimate.vramRequiredMB,
    warnings: [`architecture from the built-in table (${estimate.architecture.key}): ${estimate.architecture.source}`],
  };
}

export async function resolvePlanSource(input: string, cwd: string, dtype: FormatId): Promise<PlanSource> {
  const path = resolve(cwd, input);
  const kind = kindOf(path);
  if (kind === 'folder') {
    if (kindOf(join(path, 'config.json')) === 'file') return fromConfig(join(path, 'config.json'), `${input}/config.json`, dtype);
    if (kindOf(join(path, 'onnx/model.onnx')) === 'file') return fromOnnx(join(path, 'onnx/model.onnx'), cwd, `${input}/onnx/model.onnx`);
    throw new PlanInputError(`${input} holds neither config.json nor onnx/model.onnx.`, 'model');
  }
  if (kind === 'file') return input.endsWith('.onnx') ? fromOnnx(path, cwd, input) : fromConfig(path, input, dtype);
  if (/[\\/]|\.(json|onnx)$/.test(input)) throw new PlanInputError(`Cannot read ${input}: no such file or folder.`, 'model');
  return fromWebLlm(input);
}
