// What the service worker (src/sw.ts) and the build (scripts/vite-service-worker.ts) agree on:
// which files are precached and which are cached on first use, the headers that make a page
// cross-origin isolated, the versioned runtime cache and the message that activates an update.

/** COOP + COEP make the page cross-origin isolated (SharedArrayBuffer, wasm threads); CORP lets it load our own files under COEP. */
export const isolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Bump when the runtime cache's layout changes; activation deletes every other 'lab-runtime-*' cache. */
export const RUNTIME_CACHE = 'lab-runtime-v1';

export const SW_MESSAGE_SKIP_WAITING = 'lab-sw-skip-waiting';

/** Precached at install: the app shell, onnxruntime-web's wasm, the built-in model and task packs. */
export const PRECACHE_GLOBS: readonly string[] = ['**/*.{js,mjs,css,html,wasm,onnx,json,txt,svg,ico,md,jsonl}'];

/**
 * Big and optional, fetched when a page first needs them and kept from then on: web-llm (~12 MB of
 * JS), Pyodide (~12 MB) and TensorFlow.js's wasm backends.
 */
export const ON_FIRST_USE_GLOBS: readonly string[] = ['pyodide/**', '**/web-llm-*.js', '**/mlc-engine.worker-*.js', '**/*tfjs*', '**/tf-backend-wasm*'];

const ON_FIRST_USE = [/\/pyodide\//, /\/web-llm-[^/]*\.js$/, /\/mlc-engine\.worker-[^/]*\.js$/, /tfjs[^/]*$/, /tf-backend-wasm[^/]*$/];

export function isRuntimeCached(pathname: string): boolean {
  return ON_FIRST_USE.some((pattern) => pattern.test(pathname));
}
