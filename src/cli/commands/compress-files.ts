// File handling of `llm-lab compress`: the external data files a model names (read from its
// folder), the tokenizer.json next to the model or one folder up (transformers.js keeps the model in
// onnx/ and the tokenizer beside that folder), calibration text -> activations, and writing the
// output with its external data next to it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { calibrationBatches, calibrationTextSource, collectCalibration, loadTokenizer } from '../../core/compress/calibration/index.ts';
import type { CalibrationData } from '../../core/compress/types.ts';
import { InvalidArgumentError } from '../../core/errors.ts';
import { externalDataRef, isExternal, tensorByteLength, type ExternalDataFile, type onnx } from '../../core/onnx/index.ts';
import type { LoadedModelFile } from '../model-files.ts';

/** Every external data file the model's initializers name, read through the model's resolver. */
export function externalFilesOf(model: onnx.IModelProto, file: LoadedModelFile): ExternalDataFile[] {
  const locations = new Set<string>();
  for (const tensor of model.graph?.initializer ?? []) if (isExternal(tensor)) locations.add(externalDataRef(tensor).location);
  return [...locations].map((location) => {
    const data = file.externalData(location);
    if (!data) {
      const bytes = (model.graph?.initializer ?? []).filter((tensor) => isExternal(tensor) && externalDataRef(tensor).location === location).reduce((sum, tensor) => sum + tensorByteLength(tensor), 0);
      throw new InvalidArgumentError(`${file.name} keeps ${bytes} bytes of weights in '${location}', which is not next to it in ${dirname(file.path)}. Put the data file beside the model.`);
    }
    return { path: location, data };
  });
}

/** The model's tokenizer.json: next to the model, or one folder up. */
export function findTokenizer(modelPath: string): string {
  const candidates = [join(dirname(modelPath), 'tokenizer.json'), join(dirname(dirname(modelPath)), 'tokenizer.json')];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new InvalidArgumentError(`--calib needs the model's tokenizer.json to tokenize the text; none in ${candidates.map(dirname).join(' or ')}.`);
  return found;
}

function readText(path: string, cwd: string, what: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (cause) {
    throw new InvalidArgumentError(`Cannot read ${what} ${path}: ${(cause as { code?: string }).code === 'ENOENT' ? 'no such file' : (cause as Error).message}.`, { cause });
  }
}

export function readRecipeText(path: string, cwd: string): string {
  return readText(path, cwd, 'the recipe');
}

/** Calibration activations from a text file, tokenized with the model's own tokenizer; the file is named in the provenance. */
export async function calibrationFromText(textPath: string, cwd: string, file: LoadedModelFile, externalData: ExternalDataFile[]): Promise<CalibrationData> {
  const text = readText(textPath, cwd, 'the calibration text');
  const tokenizerPath = findTokenizer(file.path);
  const tokenizerConfigPath = join(dirname(tokenizerPath), 'tokenizer_config.json');
  const tokenizer = loadTokenizer(JSON.parse(readFileSync(tokenizerPath, 'utf8')), existsSync(tokenizerConfigPath) ? JSON.parse(readFileSync(tokenizerConfigPath, 'utf8')) : {});
  const data = await collectCalibration(file.bytes, externalData, calibrationBatches(tokenizer, text));
  return { ...data, source: await calibrationTextSource(textPath, text) };
}

/** Writes the model and its external data files (next to it, folders created); returns the paths written. */
export function writeOutputFiles(outputPath: string, model: Uint8Array, externalData: readonly ExternalDataFile[]): string[] {
  const written = [outputPath];
  try {
    mkdirSync(dirname(outputPath), { recursive: true });
    writeFileSync(outputPath, model);
    for (const file of externalData) {
      const path = join(dirname(outputPath), file.path);
      writeFileSync(path, file.data);
      written.push(path);
    }
  } catch (cause) {
    throw new InvalidArgumentError(`Cannot write ${outputPath}: ${(cause as Error).message}.`, { cause });
  }
  return written;
}

/** `<name>.onnx_data` for `<name>.onnx`, as onnx and transformers.js name it. */
export function externalDataName(outputPath: string): string {
  return `${basename(outputPath)}_data`;
}
