// Vite config: Svelte 5, ES-module workers, COOP/COEP so onnxruntime-web can use wasm threads,
// and onnxruntime-web kept out of dependency pre-bundling (its wasm must be served beside its JS).
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serviceWorker } from './scripts/vite-service-worker.ts';
import { pyodideAssets } from './scripts/vite-pyodide-assets.ts';

const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte(), pyodideAssets(), serviceWorker()],
  base: './',
  server: { host: '127.0.0.1', headers: crossOriginIsolation },
  preview: { host: '127.0.0.1', headers: crossOriginIsolation },
  optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers', '@mlc-ai/web-llm'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 30000 },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // V8 otherwise re-compiles onnxruntime's 27 MB wasm with its optimizing tier after the first
          // run and blocks the event loop for seconds to minutes on a 2-core machine.
          execArgv: ['--liftoff-only'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
