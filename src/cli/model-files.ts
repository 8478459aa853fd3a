// Loading a model and its external data files from disk for CLI commands. File-system failures
// become LabErrors with the path in the message; external data is read only from the model's
// own folder, and only when a tensor asks for it.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from '../core/errors.ts';
import { ExternalDataError } from '../core/onnx/errors.ts';
import { isSafeLocation, type ExternalDataResolver } from '../core/onnx/external-data.ts';

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ERR_FS_FILE_TOO_LARGE') return 'it is larger than 2 GiB, more than Node can read in one piece';
  return error instanceof Error ? error.message : String(error);
}

export interface LoadedModelFile {
  path: string;
  /** File name, for messages ('model.onnx'). */
  name: string;
  bytes: Uint8Array;
  /** Reads `<location>` next to the model on first use; undefined when it does not exist. */
  externalData: ExternalDataResolver;
}

/** Resolver over files in `folder`; refuses locations that would leave it. */
export function externalDataFromFolder(folder: string): ExternalDataResolver {
  const cache = new Map<string, Uint8Array | undefined>();
  return (location) => {
    if (!isSafeLocation(location)) {
      throw new ExternalDataError(`The model points its external data at '${location}', outside the model's folder; refusing to read it. Use a model whose data files sit next to it.`);
    }
    if (!cache.has(location)) {
      try {
        cache.set(location, readFileSync(join(folder, location)));
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT') {
          throw new ExternalDataError(`Cannot read external data file '${location}': ${describeFsError(error)}.`, { cause: error });
        }
        cache.set(location, undefined);
      }
    }
    return cache.get(location);
  };
}

export function loadModelFile(path: string, cwd: string): LoadedModelFile {
  const absolute = resolve(cwd, path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    throw new InvalidArgumentError(`Cannot read ${path}: ${describeFsError(error)}.`, { cause: error });
  }
  return { path: absolute, name: basename(path), bytes, externalData: externalDataFromFolder(dirname(absolute)) };
}
