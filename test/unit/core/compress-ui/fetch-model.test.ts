// Model downloads against a real HTTP server on 127.0.0.1 (Node's fetch, as the page passes the
// browser's): bytes and progress, a 404, a web page instead of the file, an unreachable server,
// cancellation; and where companion files and external data are looked for.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseFolderUrl, checkModelUrl, companionFolder, fetchBytes, hubModelRef, ModelFetchError, siblingUrl, type FetchProgress } from '../../../../src/core/compress-ui/fetch-model.ts';

const payload = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31) % 251);
const big = Uint8Array.from({ length: 1_600_000 }, (_, i) => (i * 7) % 253);
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    // A fresh connection per request: undici's keep-alive reuse races the server's socket handling here.
    response.setHeader('connection', 'close');
    if (request.url === '/models/onnx/model.onnx') {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(payload.length) });
      response.end(payload);
    } else if (request.url === '/chunked.onnx') {
      // No Content-Length: chunked transfer, larger than the first 1 MB guess.
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write(big.subarray(0, 700_000));
      setTimeout(() => response.end(big.subarray(700_000)), 10);
    } else if (request.url === '/page.onnx') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>viewer</title>');
    } else {
      response.writeHead(404, 'Not Found');
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetchBytes', () => {
  it('downloads the bytes and reports progress against Content-Length', async () => {
    const progress: FetchProgress[] = [];
    const bytes = await fetchBytes(fetch, `${base}/models/onnx/model.onnx`, { onProgress: (p) => progress.push(p) });
    expect(bytes).toEqual(payload);
    expect(progress.at(-1)).toEqual({ file: 'model.onnx', loaded: payload.length, total: payload.length });
    expect(progress.every((p, i) => i === 0 || p.loaded > progress[i - 1]!.loaded)).toBe(true);
  });

  it('reads a body of unknown length', async () => {
    const progress: FetchProgress[] = [];
    const bytes = await fetchBytes(fetch, `${base}/chunked.onnx`, { onProgress: (p) => progress.push(p) });
    expect(bytes).toEqual(big);
    expect(progress.at(-1)).toEqual({ file: 'chunked.onnx', loaded: big.length, total: null });
  });

  it('says what a 404, a web page and an unreachable server mean', async () => {
    await expect(fetchBytes(fetch, `${base}/models/onnx/model.onnx_data`)).rejects.toThrow(
      new ModelFetchError('model.onnx_data: the server answered 404 Not Found. Check the address (and, for external data, that the file sits next to the model).'),
    );
    await expect(fetchBytes(fetch, `${base}/page.onnx`)).rejects.toThrow(/returned a web page, not a model file/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await fetchBytes(fetch, `http://127.0.0.1:${port}/m.onnx`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFetchError);
    expect((error as Error).message).toMatch(/^Could not download m.onnx from 127.0.0.1:\d+: the server is unreachable, or it does not let other sites read its files \(CORS\)/);
  });

  it('passes a cancellation through as it is', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await fetchBytes(fetch, `${base}/models/onnx/model.onnx`, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ModelFetchError);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('model addresses', () => {
  it('checks the address before fetching', () => {
    expect(checkModelUrl(' https://example.org/m.onnx ')).toBe('https://example.org/m.onnx');
    expect(() => checkModelUrl('model.onnx')).toThrow(/is not a web address/);
    expect(() => checkModelUrl('file:///tmp/m.onnx')).toThrow(/drop it on the page instead/);
    expect(() => checkModelUrl('https://huggingface.co/a/b/blob/main/onnx/model.onnx')).toThrow(/replace \/blob\/ with \/resolve\//);
  });

  it('finds external data next to the model and config one folder above onnx/', () => {
    expect(siblingUrl('https://h.org/r/onnx/model.onnx?download=1', 'model.onnx_data')).toBe('https://h.org/r/onnx/model.onnx_data');
    expect(siblingUrl('https://h.org/r/model.onnx', 'weights v2.bin')).toBe('https://h.org/r/weights%20v2.bin');
    expect(companionFolder('https://h.org/r/onnx/model.onnx?x=1')).toBe('https://h.org/r/');
    expect(companionFolder('https://h.org/r/model.onnx')).toBe('https://h.org/r/');
  });

  it('recognizes a Hugging Face repository from a resolve URL', () => {
    expect(hubModelRef('https://huggingface.co/onnx-community/SmolLM2-135M-ONNX/resolve/main/onnx/model_q4.onnx')).toEqual({ source: 'hf-onnx', repoId: 'onnx-community/SmolLM2-135M-ONNX' });
    expect(hubModelRef('https://huggingface.co/a/b/resolve/v1.0/onnx/model.onnx')).toEqual({ source: 'hf-onnx', repoId: 'a/b', revision: 'v1.0' });
    expect(hubModelRef('https://example.org/a/b/resolve/main/model.onnx')).toBeNull();
  });

  it('finds a base model\'s tokenizer folder in the demo pack or on the hub', () => {
    expect(baseFolderUrl({ source: 'demo-pack', modelId: 'moby-llama-1m' }, 'http://127.0.0.1:5173/lab/models/')).toBe('http://127.0.0.1:5173/lab/models/moby-llama-1m/');
    expect(baseFolderUrl({ source: 'hf-onnx', repoId: 'a/b', revision: 'v1' }, 'http://x/models/')).toBe('https://huggingface.co/a/b/resolve/v1/');
  });
});
