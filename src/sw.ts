// The service worker: the lab works offline after one visit and is cross-origin isolated on any
// static host. It precaches the app shell, the onnxruntime-web wasm and the built-in model packs
// (the list vite-plugin-pwa injects at build time, revisioned per file), caches big optional files
// on first use (web-llm, Pyodide, TF.js wasm) in a versioned runtime cache, and adds COOP/COEP/CORP
// to every same-origin response it serves, so hosts that send no such headers still give the page
// SharedArrayBuffer and wasm threads. Cross-origin requests (model hubs) are left to the browser.
import { cleanupOutdatedCaches, PrecacheController, type PrecacheEntry } from 'workbox-precaching';
import { isolationHeaders, isRuntimeCached, RUNTIME_CACHE, SW_MESSAGE_SKIP_WAITING } from './lib/service-worker-policy.ts';

const sw = self as unknown as ServiceWorkerGlobalScope;
const precache = new PrecacheController({ cacheName: 'lab-precache' });
// vite-plugin-pwa replaces this expression with the list of files and revisions.
precache.addToCacheList((self as unknown as { __WB_MANIFEST: Array<PrecacheEntry | string> }).__WB_MANIFEST);

/** The same response with the isolation headers; opaque and error responses pass unchanged. */
function withIsolation(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(isolationHeaders)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The precache key for a URL: the file itself, the folder's index.html, or index.html for any navigation. */
function precacheKey(request: Request): string | undefined {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  const direct = precache.getCacheKeyForURL(url.href);
  if (direct) return direct;
  if (url.pathname.endsWith('/')) return precache.getCacheKeyForURL(new URL('index.html', url).href);
  return request.mode === 'navigate' ? precache.getCacheKeyForURL(new URL('index.html', sw.registration.scope).href) : undefined;
}

async function fromPrecache(request: Request, key: string): Promise<Response> {
  const cache = await caches.open(precache.strategy.cacheName);
  const cached = await cache.match(key);
  // A precache entry evicted or not yet written: the network still answers.
  return cached ?? fetch(request);
}

/** Cache-first for the big optional files (web-llm, Pyodide, TF.js wasm): downloaded once, then offline. */
async function fromRuntimeCache(request: Request): Promise<Response> {
  const cache = await caches.open(RUNTIME_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

async function respond(request: Request): Promise<Response> {
  const key = precacheKey(request);
  if (key) return withIsolation(await fromPrecache(request, key));
  if (isRuntimeCached(new URL(request.url).pathname)) return withIsolation(await fromRuntimeCache(request));
  return withIsolation(await fetch(request));
}

sw.addEventListener('install', (event) => {
  // The first install takes over at once (the page reloads into isolation); an update waits for
  // the person to accept it in the "update available" prompt, so a running job is never cut off.
  if (!sw.registration.active) void sw.skipWaiting();
  void precache.install(event);
});

sw.addEventListener('activate', (event) => {
  void precache.activate(event);
  cleanupOutdatedCaches();
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith('lab-runtime-') && name !== RUNTIME_CACHE).map((name) => caches.delete(name)));
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === SW_MESSAGE_SKIP_WAITING) void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== sw.location.origin) return;
  // Range requests (media seeking) would get whole cached bodies back: leave them to the network.
  if (request.headers.has('range')) return;
  event.respondWith(respond(request));
});
