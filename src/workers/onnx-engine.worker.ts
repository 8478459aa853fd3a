// onnx-engine worker: exposes raw onnxruntime sessions (the device self-test) and the ONNX engine
// (transformers.js) over typed RPC. onnxruntime-web and the engine are imported lazily so their
// bundles stay in their own chunks (wasm threads re-load that chunk by URL). The engine keeps its
// downloads in the lab's IndexedDB, which this worker opens itself.
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { serveRpc } from '../core/rpc/server.ts';
import { withTransfer } from '../core/rpc/protocol.ts';
import type { GpuProbe, OnnxEngine } from '../core/engines/onnx/engine.ts';
import type { SourceEndpoints } from '../core/engines/onnx/model-source.ts';
import type { GenerationReport, ScoreResult } from '../core/engines/types.ts';
import type { TopKDistribution } from '../core/metrics/top-k.ts';
import type { SessionHost } from '../core/runtime/session-host.ts';
import type { OnnxEngineSchema } from './onnx-engine.protocol.ts';

const threads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;

let runtimePromise: Promise<typeof import('../core/runtime/ort.ts')> | undefined;

/** onnxruntime with this build's wasm URL and thread count; must come before any session. */
function runtime() {
  runtimePromise ??= import('../core/runtime/ort.ts').then((ort) => {
    ort.configureRuntime({ wasmUrl, numThreads: threads });
    return ort;
  });
  return runtimePromise;
}

let hostPromise: Promise<{ host: SessionHost; tensorBuffers: typeof import('../core/runtime/session-host.ts').tensorBuffers }> | undefined;

function host() {
  hostPromise ??= runtime().then(async () => {
    const { SessionHost, tensorBuffers } = await import('../core/runtime/session-host.ts');
    return { host: new SessionHost(), tensorBuffers };
  });
  return hostPromise;
}

let gpuProbe: Promise<GpuProbe | null> | undefined;

function probeGpu(): Promise<GpuProbe | null> {
  gpuProbe ??= (async () => {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
    if (!adapter) return null;
    const info = adapter.info;
    const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' / ') || 'WebGPU adapter';
    return { description, shaderF16: adapter.features.has('shader-f16') };
  })();
  return gpuProbe;
}

let enginePromise: Promise<{ engine: OnnxEngine; endpoints: SourceEndpoints }> | undefined;

function engine() {
  if (enginePromise) return enginePromise;
  enginePromise = runtime().then(async () => {
    const [{ OnnxEngine }, { LabStorage }, { HubResponseCache }] = await Promise.all([
      import('../core/engines/onnx/engine.ts'),
      import('../lib/storage/lab-storage.ts'),
      import('../lib/storage/hub-response-cache.ts'),
    ]);
    const storage = await LabStorage.open();
    // Read at each load, so the page can say where the demo pack lives (set from every load call).
    const endpoints: SourceEndpoints = { demoPackUrl: '' };
    const onnx = new OnnxEngine({
      fetch: (url, init) => fetch(url, init),
      cache: new HubResponseCache(storage.db),
      endpoints,
      variants: storage,
      probeGpu,
      wasmThreads: threads,
    });
    return { engine: onnx, endpoints };
  });
  // A failed start (IndexedDB blocked, say) is retried by the next call.
  enginePromise.catch(() => (enginePromise = undefined));
  return enginePromise;
}

/** Engine calls run one after another: one model, one onnxruntime session, no overlapping runs. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.catch(() => undefined).then(task);
  queue = next;
  return next;
}

function distributionBuffers(dist: TopKDistribution | undefined): ArrayBuffer[] {
  if (!dist) return [];
  return [dist.ids, dist.logProbs, dist.restMass, dist.targetIds, dist.targetLogProbs].map((array) => array.buffer as ArrayBuffer);
}

serveRpc<OnnxEngineSchema>(self, {
  async info() {
    const ort = await runtime();
    return { onnxruntimeVersion: ort.runtimeVersion, wasmThreads: threads, crossOriginIsolated: globalThis.crossOriginIsolated };
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
  engineLoad({ spec, endpoints }, { signal, progress }) {
    return serial(async () => {
      const hosted = await engine();
      Object.assign(hosted.endpoints, endpoints);
      return hosted.engine.load(spec, progress, signal);
    });
  },
  engineGenerate({ input, options }, { signal, progress }) {
    return serial(async () => {
      const report: GenerationReport = await (await engine()).engine.generate(input, { ...options, signal }, progress);
      return withTransfer(report, distributionBuffers(report.tokenLogProbs));
    });
  },
  engineScore({ text, options }, { signal, progress }) {
    return serial(async () => {
      const result: ScoreResult = await (await engine()).engine.score(text, { ...options, signal }, progress);
      return withTransfer(result, [result.tokenIds.buffer as ArrayBuffer, ...distributionBuffers(result.distribution)]);
    });
  },
  engineUnload() {
    return serial(async () => (await engine()).engine.unload());
  },
  calibrate(params, { signal, progress }) {
    return serial(async () => {
      await runtime();
      const { runCalibration } = await import('../core/compress/calibration/request.ts');
      const { result, transfer } = await runCalibration(params, signal, progress);
      return withTransfer(result, transfer);
    });
  },
});
