// train worker: distillation with TensorFlow.js (student) and onnxruntime-web (teacher) in one
// worker. Backend: wasm for now, on every adapter. The WebGPU backend for TF.js
// (@tensorflow/tfjs-backend-webgpu) is not installed; on SwiftShader it is slower than wasm anyway,
// and only a real GPU would pay for it (wasm only for now).
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import tfWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfWasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { Distiller } from '../core/distill/distiller.ts';
import { HeldOutEvaluator } from '../core/distill/held-out.ts';
import { runDistillation } from '../core/distill/run.ts';
import { buildTransferSet, loadTeacher, studentConfigFrom, studentFolder, type LoadedTeacher } from '../core/distill/setup.ts';
import { greedyGenerate } from '../core/models/llama-runner.ts';
import { createSession, configureRuntime } from '../core/runtime/ort.ts';
import { withTransfer } from '../core/rpc/protocol.ts';
import { serveRpc } from '../core/rpc/server.ts';
import { useTrainBackend } from '../core/train/tf.ts';
import type { DistillJob, DistillResult, TrainSchema } from './train.protocol.ts';

configureRuntime({ wasmUrl: ortWasmUrl, numThreads: 1 });

async function greedyText(loaded: LoadedTeacher, model: Uint8Array | null, config: LoadedTeacher['config'], prompt: string, tokens: number): Promise<string> {
  const session = model ? (await createSession(model, 'wasm')).session : loaded.teacher.session;
  try {
    const ids = await greedyGenerate(session, config, loaded.tokenizer.encode(prompt), tokens);
    return loaded.tokenizer.decode(ids);
  } finally {
    if (model) await session.release();
  }
}

serveRpc<TrainSchema>(self, {
  async distill(job: DistillJob, { signal, progress }) {
    const backend = await useTrainBackend('wasm', { wasmThreads: false, wasmPaths: { 'tfjs-backend-wasm.wasm': tfWasm, 'tfjs-backend-wasm-simd.wasm': tfWasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': tfWasmThreaded } });
    progress({ kind: 'status', text: 'Loading the teacher', backend });
    const loaded = await loadTeacher(new Map(Object.entries(job.teacher)));
    const student = studentConfigFrom(job.student, loaded.config, job.options.contextLength);
    progress({ kind: 'status', text: job.transfer.kind === 'generate' ? 'The teacher writes the transfer set' : 'Tokenizing the transfer set' });
    const transfer = await buildTransferSet(loaded, job.transfer, { signal, onCompletion: (done, total) => progress({ kind: 'status', text: `The teacher wrote ${done} of ${total} completions` }) });
    const heldOut = new HeldOutEvaluator(loaded.teacher, Int32Array.from(loaded.tokenizer.encode(job.heldoutText)), job.options.contextLength);
    const distiller = new Distiller(student, job.options, loaded.teacher, transfer.tokens, job.resume);
    try {
      if (!job.resume) progress({ kind: 'sample', sample: { step: 0, by: 'teacher', text: await greedyText(loaded, null, loaded.config, job.samplePrompt, job.sampleTokens) } });
      progress({ kind: 'status', text: `Training on ${transfer.description}` });
      const summary = await runDistillation(distiller, {
        signal,
        heldOut,
        evalEvery: job.evalEvery,
        checkpointEvery: job.checkpointEvery,
        onProgress: (p) => progress({ kind: 'step', progress: p }),
        onHeldOut: (record) => progress({ kind: 'held-out', record }),
        onCheckpoint: async (checkpoint) => {
          progress({ kind: 'checkpoint', checkpoint });
          const model = studentFolder(student, checkpoint.weights, loaded.files).get('onnx/model.onnx')!;
          progress({ kind: 'sample', sample: { step: checkpoint.step, by: 'student', text: await greedyText(loaded, model, student, job.samplePrompt, job.sampleTokens) } });
        },
      });
      const folder = summary.cancelled ? null : Object.fromEntries(studentFolder(student, distiller.exportWeights(), loaded.files, { options: job.options, transfer: transfer.description, steps: summary.steps }));
      const result: DistillResult = { summary, folder, backend };
      return withTransfer(result, folder ? [...new Set(Object.values(folder).map((bytes) => bytes.buffer as ArrayBuffer))] : []);
    } finally {
      distiller.dispose();
      await loaded.teacher.session.release();
    }
  },
});
