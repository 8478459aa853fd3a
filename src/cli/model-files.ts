// Loading a model and its external data files from disk for CLI commands. File-system failures
// become LabErrors with the path in the message; external data is read only from the model's
// own folder, and only when a tensor asks for it. "Inside the folder" is checked twice: on the
// location's text (no absolute path, no '..') and on the real path after symbolic links.
import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '../core/errors.ts';
import { ExternalDataError } from '../core/onnx/errors.ts';
import { checkLocation, unsafeLocation, type ExternalDataResolver } from '../core/onnx/external-data.ts';

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
  /** File name, for reports ('model.onnx'). */
  name: string;
  /** The path as the person gave it, for error messages (every transformers.js model is 'model.onnx'). */
  shown: string;
  bytes: Uint8Array;
  /** Reads `<location>` next to the model on first use; undefined when it does not exist. */
  externalData: ExternalDataResolver;
}

/** True when the real path `path` is `folder` itself or lies under it (both already real paths). */
function isWithin(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * The path of `location` inside `folder`, after checking that neither its text nor any symbolic
 * link on the way leads out of the folder (UnsafeExternalDataLocationError naming the location).
 * A location that does not exist is returned as is: reading it then reports "missing".
 */
export function confinedPath(folder: string, location: string): string {
  checkLocation(location);
  const path = join(folder, location);
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return path;
    throw new ExternalDataError(`Cannot read external data file '${location}': ${describeFsError(error)}.`, { cause: error });
  }
  if (!isWithin(realpathSync(folder), real)) throw unsafeLocation(location, "is a symbolic link to a file outside the model's folder");
  return real;
}

/** Resolver over files in `folder`; refuses locations that would leave it, by text or by symbolic link. */
export function externalDataFromFolder(folder: string): ExternalDataResolver {
  const cache = new Map<string, Uint8Array | undefined>();
  return (location) => {
    if (!cache.has(location)) {
      const path = confinedPath(folder, location);
      try {
        cache.set(location, readFileSync(path));
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

/**
 * fetch() for file: URLs that reads only inside `folder`: a missing file is a 404, a file that is
 * (or passes through) a symbolic link leading out of the folder is refused like any other location.
 */
export function confinedFileFetch(folder: string): (url: string) => Promise<Response> {
  return async (url) => {
    const location = relative(folder, fileURLToPath(url)).split(sep).join('/');
    try {
      const bytes = readFileSync(confinedPath(folder, location));
      return new Response(bytes, { headers: { 'content-length': String(bytes.byteLength) } });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return new Response(null, { status: 404, statusText: 'Not Found' });
      throw error;
    }
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
  return { path: absolute, name: basename(path), shown: path, bytes, externalData: externalDataFromFolder(dirname(absolute)) };
}
