// The compression pipeline: decode the model, run the recipe's steps in order (prune, then
// quantize) with progress per tensor and cancellation between tensors, stamp provenance into
// metadata_props, write (external data when the input had it or the output is large) and report.
// Memory: the model is rewritten in place; each step holds one weight in float32 at a time and
// drops the float initializer once its quantized form is in the graph, so the peak is about the
// input bytes + the output bytes + one tensor's working copies.
import { decodeModel, externalDataFromFiles, isExternal, parameterCount, type ExternalDataFile, type onnx } from '../onnx/index.ts';
import { CompressContext, type StepOutcome } from './context.ts';
import { RecipeError } from './errors.ts';
import { sha256Hex, writeProvenance } from './metadata.ts';
import { applyPruneStep, pruneNeedsCalibration } from './prune/index.ts';
import { AWQ_NEEDS_CALIBRATION, applyQuantizeStep } from './quantize/apply.ts';
import { validateRecipe } from './recipe.ts';
import { deviceSupport } from './support.ts';
import type { CalibrationData, CalibrationRecord, CompressProgress, CompressReport, Recipe, RecipeStep } from './types.ts';
import { recipeNeedsCalibration } from './calibration/needs.ts';
import { TOOL_VERSION } from './version.ts';
import { outputGzipBytes, writeOutput } from './write.ts';

export interface CompressInput {
  /** The .onnx bytes. */
  model: Uint8Array;
  /** Files the model's external tensors point to (by `location`). */
  externalData?: ExternalDataFile[];
  /** How messages name the model, e.g. 'model.onnx'. */
  name?: string;
}

export interface CompressOptions {
  calibration?: CalibrationData | null;
  signal?: AbortSignal;
  onProgress?: (progress: CompressProgress) => void;
  /** Initializers of at least this many bytes go to the external data file (default 1024). */
  externalDataThreshold?: number;
  /** Force external data output on or off (default: on when the input had it or the output is large). */
  externalData?: boolean;
  /** Name of the external data file (default 'model.onnx_data'). */
  externalDataLocation?: string;
}

export interface CompressResult {
  model: Uint8Array;
  externalData: ExternalDataFile[];
  report: CompressReport;
}

export const UNSTRUCTURED_NOTE = 'Unstructured zeros do not make the file or the browser faster; they only pay after compression (gzip).';

function checkCalibration(recipe: Recipe, calibration: CalibrationData | null): void {
  recipe.steps.forEach((step, i) => {
    if (calibration) return;
    if (step.kind === 'quantize' && step.awq) throw new RecipeError(`steps[${i}]: ${AWQ_NEEDS_CALIBRATION}`);
    if (step.kind !== 'quantize' && pruneNeedsCalibration(step)) {
      throw new RecipeError(`steps[${i}]: Wanda scores need calibration text: pass --calib <text file> (CLI) or calibration data (API).`);
    }
  });
}

/** What the provenance says calibrated the recipe; undefined when no step measured activations. */
function calibrationRecord(recipe: Recipe, calibration: CalibrationData | null): CalibrationRecord | undefined {
  if (!calibration || !recipeNeedsCalibration(recipe)) return undefined;
  const { source } = calibration;
  return { name: source?.name ?? 'activations given without their text', sha256: source?.sha256 ?? null, tokens: calibration.tokens };
}

async function runStep(context: CompressContext, step: RecipeStep, index: number, calibration: CalibrationData | null): Promise<StepOutcome> {
  if (step.kind === 'quantize') return applyQuantizeStep(context, step, index, calibration);
  const outcome = await applyPruneStep(context, step, index, calibration);
  context.refresh();
  return outcome;
}

export async function compressModel(input: CompressInput, recipeInput: Recipe | unknown, options: CompressOptions = {}): Promise<CompressResult> {
  const started = performance.now();
  const recipe = validateRecipe(recipeInput);
  const calibration = options.calibration ?? null;
  checkCalibration(recipe, calibration);
  const externalFiles = input.externalData ?? [];
  const inputBytes = input.model.length + externalFiles.reduce((sum, file) => sum + file.data.length, 0);
  const inputSha256 = await sha256Hex(input.model);
  const model = decodeModel(input.model, { name: input.name ?? 'The model' });
  const resolver = externalDataFromFiles(externalFiles);
  const inputHadExternalData = (model.graph?.initializer ?? []).some(isExternal);
  const context = new CompressContext(model, {
    externalData: resolver,
    steps: recipe.steps.length,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const paramsBefore = parameterCount(context.graph, context.index);
  const report = { tensors: [] as CompressReport['tensors'], notes: [] as string[] } as Pick<CompressReport, 'tensors' | 'notes' | 'sparsity' | 'structure'>;
  for (const [index, step] of recipe.steps.entries()) {
    context.checkCancelled();
    const outcome = await runStep(context, step, index, calibration);
    report.tensors.push(...outcome.tensors);
    report.notes.push(...(outcome.notes ?? []));
    if (outcome.sparsity) report.sparsity = outcome.sparsity;
    if (outcome.structure) report.structure = outcome.structure;
    if (step.kind === 'prune' && !report.notes.includes(UNSTRUCTURED_NOTE)) report.notes.push(UNSTRUCTURED_NOTE);
  }
  context.checkCancelled();
  const support = deviceSupport(model);
  const calibrationUsed = calibrationRecord(recipe, calibration);
  writeProvenance(model, { recipe, toolVersion: TOOL_VERSION, inputSha256, support, ...(calibrationUsed ? { calibration: calibrationUsed } : {}) });
  context.progress(recipe.steps.length - 1, '', 0, 1, 'writing the model');
  const output = writeOutput(model, {
    inputHadExternalData,
    resolver,
    ...(options.externalData !== undefined ? { externalData: options.externalData } : {}),
    ...(options.externalDataThreshold !== undefined ? { externalDataThreshold: options.externalDataThreshold } : {}),
    ...(options.externalDataLocation ? { location: options.externalDataLocation } : {}),
  });
  const gzip = outputGzipBytes(output);
  if (gzip.note) report.notes.push(gzip.note);
  const outputBytes = output.model.length + output.externalData.reduce((sum, file) => sum + file.data.length, 0);
  const removed = report.structure ? report.structure.paramsBefore - report.structure.paramsAfter : 0;
  return {
    ...output,
    report: {
      recipe,
      toolVersion: TOOL_VERSION,
      inputSha256,
      input: { bytes: inputBytes, params: paramsBefore },
      output: { bytes: outputBytes, gzipBytes: gzip.bytes, params: paramsBefore - removed },
      tensors: report.tensors,
      ...(report.sparsity ? { sparsity: report.sparsity } : {}),
      ...(report.structure ? { structure: report.structure } : {}),
      support,
      ...(calibrationUsed ? { calibration: calibrationUsed } : {}),
      notes: report.notes,
      ms: performance.now() - started,
    },
  };
}
