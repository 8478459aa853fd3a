// Vite plugin: serves Pyodide's runtime files from the site itself under `pyodide/` (dev server and
// dist/), never from a CDN. They keep their own names because Pyodide finds its wasm, stdlib and
// lock file next to pyodide.mjs; nothing is bundled, so the first screen's JS does not grow.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/** The files python.worker.ts loads, with the types the dev server must send. */
const PYODIDE_FILES: Readonly<Record<string, string>> = {
  'pyodide.mjs': 'text/javascript',
  'pyodide.asm.mjs': 'text/javascript',
  'pyodide.asm.wasm': 'application/wasm',
  'python_stdlib.zip': 'application/zip',
  'pyodide-lock.json': 'application/json',
};

export const PYODIDE_DIR = 'pyodide';

export function pyodideAssets(): Plugin {
  const source = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
  return {
    name: 'llm-lab:pyodide-assets',
    configureServer(server) {
      server.middlewares.use(`/${PYODIDE_DIR}/`, (request, response, next) => {
        const name = (request.url ?? '').split('?')[0]!.replace(/^\//, '');
        const type = PYODIDE_FILES[name];
        if (!type) return next();
        response.setHeader('Content-Type', type);
        response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        createReadStream(join(source, name)).pipe(response);
      });
    },
    generateBundle() {
      for (const name of Object.keys(PYODIDE_FILES)) {
        this.emitFile({ type: 'asset', fileName: `${PYODIDE_DIR}/${name}`, source: readFileSync(join(source, name)) });
      }
    },
  };
}
