#!/usr/bin/env node
// Serves the built site (dist/) on 127.0.0.1 with the COOP/COEP headers that wasm threads need.
// Used by `npm start` and by the e2e harness (startServer). Plain Node: no dependencies.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.map': 'application/json',
};

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Starts a static server; resolves with its URL and a close function. `port` 0 picks a free port.
 * `isolate: false` sends no COOP/COEP/CORP, like most static hosts; `prefix` ('/lab/') serves the
 * site under a sub-path, as GitHub Pages does for a project site, and answers 404 outside it.
 */
export function startServer({ root = 'dist', host = '127.0.0.1', port = 0, isolate = true, prefix = '/' } = {}) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    try {
      const full = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      if (!full.startsWith(prefix)) throw new Error('outside the site');
      const path = `/${full.slice(prefix.length)}`;
      let file = normalize(join(base, path));
      if (!file.startsWith(base)) { response.writeHead(403).end(); return; }
      const info = await stat(file).catch(() => null);
      if (info?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
        ...(isolate ? ISOLATION : {}),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}${prefix}`;
      resolvePromise({ url, close: () => new Promise((done) => server.close(() => done(undefined))) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `--plain` sends no COOP/COEP/CORP (as most static hosts); `--prefix /lab/` serves under a sub-path.
  const args = process.argv.slice(2);
  const prefixAt = args.indexOf('--prefix');
  const port = Number(process.env.PORT ?? 4173);
  const { url } = await startServer({ port, isolate: !args.includes('--plain'), ...(prefixAt >= 0 ? { prefix: args[prefixAt + 1] } : {}) });
  console.log(`LLM Deployment Lab is running at ${url}`);
  console.log('Open it in a recent Chrome or Edge (WebGPU). Press Ctrl+C to stop.');
}
