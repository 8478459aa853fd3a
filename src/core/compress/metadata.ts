// Provenance in the output model's metadata_props: the validated recipe (JSON), its one-line
// summary, the tool version, the SHA-256 of the input .onnx bytes, the DeviceSupport JSON the
// Compare page reads and, for activation-aware recipes, the calibration text's name and SHA-256. Keys are namespaced `llm_lab.*`; compressing a compressed model replaces
// them and keeps every other entry. No timestamps: same input and recipe give the same bytes.
import type { DeviceSupport } from '../compare/variant-options.ts';
import { yieldToEventLoop } from './cancel.ts';
import type { onnx } from '../onnx/index.ts';
import { summarizeRecipe } from './recipe.ts';
import type { CalibrationRecord, Recipe } from './types.ts';

export const METADATA_KEYS = {
  recipe: 'llm_lab.recipe',
  summary: 'llm_lab.recipe_summary',
  toolVersion: 'llm_lab.tool_version',
  inputSha256: 'llm_lab.input_sha256',
  support: 'llm_lab.support',
  calibration: 'llm_lab.calibration',
} as const;

export interface Provenance {
  recipe: Recipe;
  toolVersion: string;
  inputSha256: string;
  support: DeviceSupport;
  /** Present when a step measured activations (AWQ, Wanda). */
  calibration?: CalibrationRecord;
}

/**
 * Hex SHA-256 of bytes with Web Crypto (Node 20 and browsers both have globalThis.crypto.subtle).
 * Web Crypto hashes a copy of its input (the spec says so), and Node frees that copy on the main
 * thread at the next event-loop turn (~0.1 s for 400 MB): one turn is taken here so that cost is
 * the hash's, not charged to whatever runs next.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  await yieldToEventLoop();
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function writeProvenance(model: onnx.IModelProto, provenance: Provenance): void {
  const kept = (model.metadataProps ?? []).filter((entry) => !(entry.key ?? '').startsWith('llm_lab.'));
  model.metadataProps = [
    ...kept,
    { key: METADATA_KEYS.recipe, value: JSON.stringify(provenance.recipe) },
    { key: METADATA_KEYS.summary, value: summarizeRecipe(provenance.recipe) },
    { key: METADATA_KEYS.toolVersion, value: provenance.toolVersion },
    { key: METADATA_KEYS.inputSha256, value: provenance.inputSha256 },
    { key: METADATA_KEYS.support, value: JSON.stringify(provenance.support) },
    ...(provenance.calibration ? [{ key: METADATA_KEYS.calibration, value: JSON.stringify(provenance.calibration) }] : []),
  ];
}

/** The calibration entry of a model's metadata_props, whoever wrote the rest (null when absent). */
export function readCalibrationRecord(model: onnx.IModelProto): CalibrationRecord | null {
  const value = (model.metadataProps ?? []).find((entry) => entry.key === METADATA_KEYS.calibration)?.value;
  return value ? (JSON.parse(value) as CalibrationRecord) : null;
}

/** The llm_lab.* entries of a model, parsed back (null when it was not written by this tool). */
export function readProvenance(model: onnx.IModelProto): Provenance | null {
  const entries = new Map((model.metadataProps ?? []).map((entry) => [entry.key ?? '', entry.value ?? '']));
  const recipe = entries.get(METADATA_KEYS.recipe);
  const support = entries.get(METADATA_KEYS.support);
  if (recipe === undefined || support === undefined) return null;
  const calibration = readCalibrationRecord(model);
  return {
    recipe: JSON.parse(recipe) as Recipe,
    toolVersion: entries.get(METADATA_KEYS.toolVersion) ?? '',
    inputSha256: entries.get(METADATA_KEYS.inputSha256) ?? '',
    support: JSON.parse(support) as DeviceSupport,
    ...(calibration ? { calibration } : {}),
  };
}
