// The only module of ours that imports TensorFlow.js. It registers the wasm backend next to the
// built-in cpu (and, in browsers, webgl) backends; the caller picks one with `useTrainBackend`, so
// the same training code runs in Node, in vitest and in a browser worker.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { InvalidArgumentError } from '../errors.ts';

export { tf };

export type TrainBackend = 'wasm' | 'cpu' | 'webgl';

export interface TrainBackendOptions {
  /**
   * Where the tfjs-backend-wasm `.wasm` files are served (a folder URL ending in '/', or a map from
   * file name to URL). Needed in browsers; in Node the package finds its own files.
   */
  wasmPaths?: string | Record<string, string>;
  /**
   * false: the single-threaded wasm build even where SharedArrayBuffer exists. Its threaded build
   * starts pthread workers from a blob script that breaks once bundled (ReferenceError in the blob).
   */
  wasmThreads?: boolean;
}

let wasmPathsSet = false;

/** Selects and initializes a tfjs backend; resolves to the backend that is really active. */
export async function useTrainBackend(backend: TrainBackend, options: TrainBackendOptions = {}): Promise<TrainBackend> {
  if (backend === 'wasm' && options.wasmThreads === false) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (backend === 'wasm' && options.wasmPaths && !wasmPathsSet) {
    setWasmPaths(options.wasmPaths as never);
    wasmPathsSet = true;
  }
  // Production mode skips tfjs' per-op NaN checks and the Node.js banner; the math is unchanged.
  tf.enableProdMode();
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) {
    throw new InvalidArgumentError(`The TensorFlow.js "${backend}" backend could not start here; choose another backend (wasm, cpu).`);
  }
  return backend;
}
