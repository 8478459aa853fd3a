// Files a person dropped or picked for the Compress page: exactly one .onnx model, plus what may come
// with it: external data files (kept by name, as the model's `location` names them), config.json and
// tokenizer.json (used for calibration, scoring and trying the result).
import { InvalidArgumentError } from '../../../core/errors.ts';
import type { ExternalDataFile } from '../../../core/onnx/index.ts';
import type { Companions } from '../../stores/compress-model.svelte.ts';

const METADATA = new Set(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json']);

async function json(file: File): Promise<unknown> {
  try {
    return JSON.parse(await file.text()) as unknown;
  } catch {
    throw new InvalidArgumentError(`${file.name} is not valid JSON. Drop the model's own ${file.name}, or leave it out and name a base model instead.`);
  }
}

export interface DroppedModel {
  label: string;
  model: Uint8Array;
  externalData: ExternalDataFile[];
  companions: Companions | null;
}

export async function readDroppedFiles(files: readonly File[]): Promise<DroppedModel> {
  const models = files.filter((file) => /\.onnx$/i.test(file.name));
  if (models.length !== 1) {
    throw new InvalidArgumentError(models.length === 0
      ? 'None of these files is an .onnx model. Drop the .onnx file, with its .onnx_data, config.json and tokenizer.json when it has them.'
      : `Drop one .onnx model at a time; got ${models.map((file) => file.name).join(', ')}.`);
  }
  const modelFile = models[0]!;
  const byName = new Map(files.map((file) => [file.name, file]));
  const config = byName.get('config.json');
  const tokenizer = byName.get('tokenizer.json');
  const externalData = await Promise.all(
    files.filter((file) => file !== modelFile && !METADATA.has(file.name)).map(async (file) => ({ path: file.name, data: new Uint8Array(await file.arrayBuffer()) })),
  );
  const companions = config || tokenizer
    ? { config: config ? ((await json(config)) as Record<string, unknown>) : null, tokenizerJson: tokenizer ? await json(tokenizer) : null }
    : null;
  return { label: modelFile.name, model: new Uint8Array(await modelFile.arrayBuffer()), externalData, companions };
}
