// onnx-engine worker: exposes the session host over typed RPC. onnxruntime-web is imported
// lazily so its bundle stays in its own chunk (its wasm threads re-load that chunk by URL).
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { serveRpc } from '../core/rpc/server.ts';
import { withTransfer } from '../core/rpc/protocol.ts';
import type { SessionHost } from '../core/runtime/session-host.ts';
import type { OnnxEngineSchema } from './onnx-engine.protocol.ts';

const threads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;

let hostPromise: Promise<{ host: SessionHost; version: string; tensorBuffers: typeof import('../core/runtime/session-host.ts').tensorBuffers }> | undefined;

function host() {
  hostPromise ??= (async () => {
    const runtime = await import('../core/runtime/ort.ts');
    runtime.configureRuntime({ wasmUrl, numThreads: threads });
    const { SessionHost, tensorBuffers } = await import('../core/runtime/session-host.ts');
    return { host: new SessionHost(), version: runtime.runtimeVersion, tensorBuffers };
  })();
  return hostPromise;
}

serveRpc<OnnxEngineSchema>(self, {
  async info() {
    const { version } = await host();
    return { onnxruntimeVersion: version, wasmThreads: threads, crossOriginIsolated: globalThis.crossOriginIsolated };
  },
  async loadModel(params) {
    return (await host()).host.load(params);
  },
  async run(params) {
    const { host: sessions, tensorBuffers } = await host();
    const output = await sessions.run(params);
    return withTransfer(output, tensorBuffers(output.outputs));
  },
  async release({ sessionId }) {
    await (await host()).host.release(sessionId);
  },
});
