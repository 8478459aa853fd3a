// Asks for persistent storage before the lab downloads a model from a hub (hundreds of MB that the
// browser could otherwise evict under storage pressure, forcing the download again). Built-in and
// stored models need nothing new. The browser may say no; the download goes ahead either way.
import type { Engine, VariantSpec } from '../../core/engines/types.ts';
import { requestPersistence } from './inventory.ts';

const DOWNLOADED_SOURCES: ReadonlySet<string> = new Set(['hf-onnx', 'mlc-prebuilt']);

export function needsDownload(spec: VariantSpec): boolean {
  return DOWNLOADED_SOURCES.has(spec.model.source);
}

/** `engine` whose `load` first asks for persistent storage when the model comes from a hub. */
export function persistBeforeDownloads<E extends Engine>(engine: E): E {
  const load = engine.load.bind(engine);
  engine.load = async (spec, ...rest) => {
    if (needsDownload(spec)) {
      try {
        await requestPersistence(globalThis.navigator?.storage);
      } catch {
        // Some browsers throw instead of answering false; persistence is a wish, not a condition.
      }
    }
    return load(spec, ...rest);
  };
  return engine;
}
