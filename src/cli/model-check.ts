// Checks `llm-lab eval` runs on a model before any engine sees it: the .onnx file decodes (a
// truncated or damaged file is reported by its own name, not as a missing config), every external
// data location stays inside the model's folder (text and symbolic links), and the calibration
// text its provenance records is not the text it is about to be scored on.
import { statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { readCalibrationRecord } from '../core/compress/metadata.ts';
import { calibratedOn, textSha256 } from '../core/compress/calibration/source.ts';
import type { CalibrationRecord } from '../core/compress/types.ts';
import { InvalidArgumentError } from '../core/errors.ts';
import { decodeModel, externalDataRef, isExternal } from '../core/onnx/index.ts';
import { confinedPath, loadModelFile } from './model-files.ts';

export interface CheckedModel {
  /** The text that calibrated the model's AWQ/Wanda steps, when its provenance records one. */
  calibration: CalibrationRecord | null;
}

/** The .onnx file a model argument stands for: the file itself, or <folder>/onnx/model.onnx. */
function onnxFileOf(path: string, cwd: string): string | null {
  const absolute = resolve(cwd, path);
  const info = statSync(absolute, { throwIfNoEntry: false });
  if (!info) return null;
  if (!info.isDirectory()) return absolute;
  const inFolder = join(absolute, 'onnx/model.onnx');
  return statSync(inFolder, { throwIfNoEntry: false })?.isFile() ? inFolder : null;
}

/**
 * Decodes the model's .onnx file and checks its external data locations; returns what its
 * provenance says. A path that names no .onnx file is left to the caller's own message.
 */
export function checkModelFile(path: string, cwd: string): CheckedModel {
  const file = onnxFileOf(path, cwd);
  if (!file) return { calibration: null };
  const nearby = relative(cwd, file);
  const shown = nearby && !nearby.startsWith('..') ? nearby : file;
  const loaded = loadModelFile(shown, cwd);
  const model = decodeModel(loaded.bytes, { name: shown });
  for (const tensor of model.graph?.initializer ?? []) {
    if (isExternal(tensor)) confinedPath(dirname(file), externalDataRef(tensor).location);
  }
  return { calibration: readCalibrationRecord(model) };
}

/**
 * Refuses to score a model on the very text that calibrated it (its scores would flatter it),
 * unless the person says so with --allow-overlap.
 */
export async function checkCalibrationOverlap(modelPath: string, checked: CheckedModel, textPath: string, text: string, allowOverlap: boolean): Promise<void> {
  if (allowOverlap || !calibratedOn(checked.calibration, await textSha256(text))) return;
  throw new InvalidArgumentError(
    `${modelPath} was calibrated on '${checked.calibration!.name}', which is the same text as ${textPath} (SHA-256 ${checked.calibration!.sha256!.slice(0, 12)}…): scoring it there flatters the variant. Evaluate on other text, or pass --allow-overlap to score it anyway.`,
  );
}
