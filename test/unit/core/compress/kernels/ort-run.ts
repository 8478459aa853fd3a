// Runs a model built by model-builder.ts once on the wasm provider through the app's own adapter
// (src/core/runtime/ort.ts), so tests exercise the onnxruntime build the product ships.
import { createSession, makeTensor, runSession, type TensorDType } from '../../../../../src/core/runtime/ort.ts';

export interface Feed {
  type: TensorDType;
  data: ArrayBufferView;
  dims: number[];
}

/** Runs the model once on wasm and returns every graph output's data by name. */
export async function runModelOutputs(model: Uint8Array, feeds: Record<string, Feed>): Promise<Record<string, ArrayLike<number>>> {
  const { session } = await createSession(model, 'wasm');
  try {
    const tensors = Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, makeTensor(f.type, f.data, f.dims)]));
    const result = await runSession(session, tensors);
    return Object.fromEntries(Object.entries(result).map(([k, t]) => [k, t.data as ArrayLike<number>]));
  } finally {
    await session.release();
  }
}

/** Runs the model once on wasm and returns the named output's data. */
export async function runModel(model: Uint8Array, feeds: Record<string, Feed>, output: string): Promise<ArrayLike<number>> {
  const out = (await runModelOutputs(model, feeds))[output];
  if (!out) throw new Error(`the model has no output ${output}`);
  return out;
}

