// Where a model's files come from, per `ModelSpec` source: a folder URL in transformers.js layout
// (demo pack beside the app, a Hugging Face repository, or, for the CLI, a folder on disk given as a
// file: URL), which weights file the dtype names, and, for a stored variant, the ONNX bytes that
// replace the base model's weights while its tokenizer and config are reused.
import { InvalidArgumentError } from '../../errors.ts';
import type { ExternalDataFile } from '../../runtime/ort.ts';
import { EngineError } from '../errors.ts';
import { describeModel, onnxFileFor } from '../spec.ts';
import type { ModelSpec, OnnxDtype, OnnxModelRef } from '../types.ts';
import type { FileRequest } from './model-files.ts';

export interface SourceEndpoints {
  /** Folder URL holding the demo pack's model folders (the site's `models/`), ending in '/'. */
  demoPackUrl: string;
  /** Hugging Face host. Default https://huggingface.co/ */
  hubUrl?: string;
}

/** The part of a stored variant (lib/storage StoredVariant) the engine reads. */
export interface StoredVariantLike {
  record: { name: string; baseModel: OnnxModelRef; files: readonly { name: string; role: string }[] };
  files: ReadonlyMap<string, Uint8Array>;
}

export interface VariantStore {
  getVariant(id: string): Promise<StoredVariantLike | undefined>;
}

export interface ModelPlan {
  label: string;
  /** The model folder, ending in '/'. */
  folderUrl: string;
  /** The dtype whose file name transformers.js is given the weights under. */
  dtype: OnnxDtype;
  /** Path of the weights file to download, or null when a stored variant supplies them. */
  weightsPath: string | null;
  variant: { model: Uint8Array; externalData: ExternalDataFile[]; metadata?: Map<string, Uint8Array> } | null;
}

export const DEFAULT_HUB_URL = 'https://huggingface.co/';

const REPO_ID = /^[\w.-]+\/[\w.-]+$/;
/** A demo-pack id is one folder name (the CLI passes any local folder's name, spaces included). */
function isFolderName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !/[/\\]/.test(name);
}

function checkRelativePath(path: string): void {
  if (!path || path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '' || part === '.')) {
    throw new InvalidArgumentError(`The weights file "${path}" must be a path inside the model folder, like onnx/model_q4.onnx.`);
  }
}

/** URL of a file inside the folder; each path segment is percent-encoded. */
function fileUrl(folderUrl: string, path: string): string {
  return folderUrl + path.split('/').map(encodeURIComponent).join('/');
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function folderOf(ref: OnnxModelRef, endpoints: SourceEndpoints): string {
  if (ref.source === 'demo-pack') {
    if (!isFolderName(ref.modelId)) throw new InvalidArgumentError(`"${ref.modelId}" is not a demo-pack model id (a folder name under models/).`);
    return `${withSlash(endpoints.demoPackUrl)}${encodeURIComponent(ref.modelId)}/`;
  }
  if (!REPO_ID.test(ref.repoId) || ref.repoId.includes('..')) {
    throw new InvalidArgumentError(`"${ref.repoId}" is not a Hugging Face repository id; write it as owner/name, e.g. onnx-community/SmolLM2-135M-Instruct.`);
  }
  const revision = encodeURIComponent(ref.revision ?? 'main');
  return `${withSlash(endpoints.hubUrl ?? DEFAULT_HUB_URL)}${ref.repoId}/resolve/${revision}/`;
}

/** Metadata files a stored variant may carry instead of taking them from its base model. */
const OWN_METADATA = new Set(['config.json', 'generation_config.json']);

async function variantPlan(variantId: string, endpoints: SourceEndpoints, variants: VariantStore | undefined): Promise<ModelPlan> {
  if (!variants) throw new EngineError('Stored variants cannot be loaded here: this engine was created without access to the browser storage.');
  const stored = await variants.getVariant(variantId);
  if (!stored) throw new InvalidArgumentError(`No stored variant has the id "${variantId}"; it may have been deleted in 'Models & storage'. Create it again on the Compress page.`);
  const modelFile = stored.record.files.find((file) => file.role === 'model');
  const model = modelFile ? stored.files.get(modelFile.name) : undefined;
  if (!model) throw new EngineError(`The stored variant "${stored.record.name}" has no ONNX graph; delete it and create it again.`);
  const externalData = stored.record.files
    .filter((file) => file.role === 'external-data')
    .map((file) => ({ path: file.name, data: stored.files.get(file.name) ?? new Uint8Array(0) }));
  // A variant with its own architecture (a distilled student) stores its config.json; it replaces the base model's.
  const metadata = new Map([...stored.files].filter(([name]) => OWN_METADATA.has(name) && stored.record.files.some((f) => f.name === name && f.role === 'other')));
  return {
    label: `stored:${stored.record.name}`,
    folderUrl: folderOf(stored.record.baseModel, endpoints),
    dtype: 'fp32',
    weightsPath: null,
    variant: { model, externalData, ...(metadata.size > 0 ? { metadata } : {}) },
  };
}

/** Resolves a spec to its folder and weights; reads a stored variant's bytes through `variants`. */
export async function planModel(spec: ModelSpec, endpoints: SourceEndpoints, variants?: VariantStore): Promise<ModelPlan> {
  switch (spec.source) {
    case 'demo-pack':
      if (spec.file !== undefined) checkRelativePath(spec.file);
      return { label: describeModel(spec), folderUrl: folderOf(spec, endpoints), dtype: spec.dtype, weightsPath: spec.file ?? onnxFileFor(spec.dtype), variant: null };
    case 'hf-onnx':
      return { label: describeModel(spec), folderUrl: folderOf(spec, endpoints), dtype: spec.dtype, weightsPath: onnxFileFor(spec.dtype), variant: null };
    case 'stored-variant':
      return variantPlan(spec.variantId, endpoints, variants);
    case 'mlc-prebuilt':
      throw new InvalidArgumentError(`"${spec.modelId}" is a web-llm model; it runs on the MLC engine, not the ONNX engine.`);
    default: {
      const never: never = spec;
      throw new InvalidArgumentError(`Unknown model source ${JSON.stringify(never)}.`);
    }
  }
}

/** config, generation config and tokenizer: what every load needs before the weights. */
export function metadataRequests(plan: ModelPlan): FileRequest[] {
  const file = (path: string, required: boolean): FileRequest => ({ path, url: fileUrl(plan.folderUrl, path), required });
  return [file('config.json', true), file('generation_config.json', false), file('tokenizer.json', true), file('tokenizer_config.json', true)];
}

/**
 * Number of external-data chunks config.json declares for a weights file, as transformers.js reads
 * `transformers.js_config.use_external_data_format`: true = 1, a number, or a map by file name.
 */
export function externalDataChunks(config: Record<string, unknown>, weightsFile: string): number {
  const setting = (config['transformers.js_config'] as { use_external_data_format?: unknown } | undefined)?.use_external_data_format;
  if (!setting) return 0;
  if (typeof setting === 'object') {
    // Keyed by full file name or by the session's base name ('model' for a decoder-only export).
    const byName = setting as Record<string, unknown>;
    return Number(byName[weightsFile] ?? byName.model ?? 0);
  }
  return Number(setting);
}

/** The weights file and the external-data chunks (`<file>_data`, `<file>_data_1`, ...) config.json names. */
export function weightRequests(plan: ModelPlan, config: Record<string, unknown>): FileRequest[] {
  if (plan.weightsPath === null) return [];
  const path = plan.weightsPath;
  const name = path.split('/').pop()!;
  const chunks = externalDataChunks(config, name);
  const requests: FileRequest[] = [{ path, url: fileUrl(plan.folderUrl, path), required: true }];
  for (let i = 0; i < chunks; i++) {
    const chunk = `${path}_data${i === 0 ? '' : `_${i}`}`;
    requests.push({ path: chunk, url: fileUrl(plan.folderUrl, chunk), required: true });
  }
  return requests;
}
