// Vite plugin for the service worker: vite-plugin-pwa builds src/sw.ts (injectManifest) into
// dist/sw.js with the list of files to precache. Registration is the app's own
// (src/lib/service-worker.ts), relative to the page, so the build works at any sub-path.
import type { PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { ON_FIRST_USE_GLOBS, PRECACHE_GLOBS } from '../src/lib/service-worker-policy.ts';

/**
 * index.html's Content-Security-Policy is for the built site: the dev server injects component
 * styles as <style> elements and talks to its HMR socket, so there the tag is dropped.
 */
function cspOnlyInBuild(): PluginOption {
  return {
    name: 'llm-lab:csp-only-in-build',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
  };
}

export function serviceWorker(): PluginOption {
  return [cspOnlyInBuild(), VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src',
    filename: 'sw.ts',
    injectRegister: false,
    manifest: false,
    injectManifest: {
      globPatterns: [...PRECACHE_GLOBS],
      globIgnores: [...ON_FIRST_USE_GLOBS],
      // onnxruntime-web's wasm is ~27 MB; workbox's default cap of 2 MiB would fail the build.
      maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      // A classic script: module service workers are not supported by every browser the lab targets.
      rollupFormat: 'iife',
    },
  })];
}
