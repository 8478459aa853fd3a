// compress worker: runs a recipe (src/core/compress compressModel) on model bytes off the main
// thread. It never imports onnxruntime-web: calibration happens in the onnx-engine worker and
// arrives here as plain statistics (calibration/wire.ts, imported directly, not the index).
import { calibrationFromWire } from '../core/compress/calibration/wire.ts';
import { compressModel } from '../core/compress/compress.ts';
import { inspectTransfers, runInspectJob } from '../core/compress-ui/inspect-job.ts';
import { withTransfer } from '../core/rpc/protocol.ts';
import { serveRpc } from '../core/rpc/server.ts';
import type { CompressResult, CompressSchema } from './compress.protocol.ts';

function buffersOf(result: CompressResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const bytes of [result.model, ...result.externalData.map((file) => file.data)]) if (bytes.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
  return [...buffers];
}

serveRpc<CompressSchema>(self, {
  async compress({ model, externalData, recipe, calibration }, { signal, progress }) {
    const result = await compressModel({ model, ...(externalData ? { externalData } : {}) }, recipe, {
      ...(calibration ? { calibration: calibrationFromWire(calibration) } : {}),
      signal,
      onProgress: (update) => progress(update),
    });
    const output: CompressResult = { model: result.model, externalData: result.externalData, report: result.report };
    return withTransfer(output, buffersOf(output));
  },
  async inspect(params, { signal, progress }) {
    const result = runInspectJob(params, { signal, onProgress: progress });
    return withTransfer(result, inspectTransfers(result));
  },
});
