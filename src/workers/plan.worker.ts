// plan worker: the planner's microbenchmarks (each well under 2 s) and ONNX reading, so the page
// never blocks. The CPU kernels are core's (pure JS); the WebGPU one is lib's.
import { decodeModel } from '../core/onnx/codec.ts';
import { factsFromOnnx, measureCopyBandwidth, measureMatmul } from '../core/plan/index.ts';
import { serveRpc } from '../core/rpc/server.ts';
import { measureGpuCopyBandwidth } from '../lib/plan/gpu-bandwidth.ts';
import type { PlanSchema } from './plan.protocol.ts';

const now = () => performance.now();

serveRpc<PlanSchema>(self, {
  async cpuBench({ bytes }) {
    return { copy: measureCopyBandwidth(now, bytes), matmul: measureMatmul(now) };
  },
  async gpuBench({ bytes }) {
    return measureGpuCopyBandwidth(bytes);
  },
  async onnxFacts({ model, label }) {
    return factsFromOnnx(decodeModel(model, { name: label }), label);
  },
});
