// The fp16 conversion's structure: which values stay float32 (islands) and how constants are typed.
// The islands' effect on quality is measured on the demo teacher (teacher-quality.test.ts). An
// overflow demonstration (RMSNorm squares of |x| > 256) cannot run here: onnxruntime's CPU/wasm
// provider has no float16 kernels for most elementwise ops and its InsertCastTransformer runs such
// chains in float32, so the overflow only happens on a float16 GPU backend; hence structural checks.
import { describe, expect, it } from 'vitest';
import { compressModel, CompressContext, convertToFloat16 } from '../../../../src/core/compress/index.ts';
import { runLlamaStep } from '../../../../src/core/models/llama-runner.ts';
import { buildLlamaOnnx } from '../../../../src/core/models/llama-onnx.ts';
import { randomLlamaWeights } from '../../../../src/core/models/llama-weights.ts';
import { decodeModel, encodeModel, GraphIndex, onnx } from '../../../../src/core/onnx/index.ts';
import { createSession } from '../../../../src/core/runtime/ort.ts';
import { TINY_CONFIG } from '../models/tiny-llama.ts';
import { relativeError } from './linear-models.ts';

const T = onnx.TensorProto.DataType;

function tinyModel(): Uint8Array {
  return encodeModel(buildLlamaOnnx(TINY_CONFIG, randomLlamaWeights(TINY_CONFIG, 4, { std: 0.2, randomNorms: true })));
}

async function logits(bytes: Uint8Array): Promise<Float32Array> {
  const { session } = await createSession(bytes, 'wasm');
  const out = await runLlamaStep(session, TINY_CONFIG, { inputIds: [[3, 9, 27, 40, 12, 5]] });
  await session.release();
  return out.logits;
}

async function float16(bytes: Uint8Array, islands: boolean): Promise<onnx.ModelProto> {
  const model = decodeModel(bytes);
  await convertToFloat16(new CompressContext(model), { kind: 'quantize', method: 'fp16' }, 0, { islands });
  return model;
}

describe('fp16 conversion', () => {
  it('keeps the RMSNorm square, reductions, Softmax and rotary angles in float32', async () => {
    const out = await compressModel({ model: tinyModel() }, { version: 1, steps: [{ kind: 'quantize', method: 'fp16' }] });
    const model = decodeModel(out.model);
    const index = new GraphIndex(model.graph!);
    const castTo = (name: string): number | undefined => {
      const producer = index.producer(name);
      return producer?.opType === 'Cast' ? Number(producer.attribute![0]!.i) : undefined;
    };
    const softmax = model.graph!.node!.filter((node) => node.opType === 'Softmax');
    expect(softmax.length).toBe(TINY_CONFIG.num_hidden_layers);
    for (const node of softmax) expect(castTo(node.input![0]!)).toBe(T.FLOAT); // scores cast up to float32
    const square = model.graph!.node!.find((node) => node.name === '/model/layers.0/input_layernorm/Mul_square')!;
    expect(castTo(square.input![0]!)).toBe(T.FLOAT);
    // Rotary: Cast(position_ids -> float32) stays float32, Cos/Sin read float32 angles.
    expect(Number(model.graph!.node!.find((node) => node.name === '/model/rotary_emb/Cast')!.attribute![0]!.i)).toBe(T.FLOAT);
    // Weights are float16; graph inputs and outputs keep their float32 declarations.
    expect(model.graph!.initializer!.find((tensor) => tensor.name === 'model.layers.0.mlp.up_proj.weight')!.dataType).toBe(T.FLOAT16);
    expect(model.graph!.initializer!.find((tensor) => tensor.name === '/model/rotary_emb/inv_freq')!.dataType).toBe(T.FLOAT);
    for (const output of model.graph!.output!) expect(output.type!.tensorType!.elemType).toBe(T.FLOAT);
    expect(out.report.output.bytes).toBeLessThan(0.75 * out.report.input.bytes); // tiny model: names and graph weigh a lot
    expect(relativeError(await logits(out.model), await logits(tinyModel()))).toBeLessThan(5e-3);
  });

  it('without islands converts every default-domain op, leaving only the boundary Casts', async () => {
    const model = await float16(tinyModel(), false);
    const casts = model.graph!.node!.filter((node) => node.opType === 'Cast');
    const index = new GraphIndex(model.graph!);
    for (const node of model.graph!.node!.filter((candidate) => candidate.opType === 'Softmax' || candidate.opType === 'ReduceMean')) {
      expect(index.producer(node.input![0]!)?.opType).not.toBe('Cast');
    }
    // Left: the graph's own Casts (rotary, mask: retyped to float16) and one per float32 output (logits, present.*).
    expect(casts.filter((node) => node.name!.endsWith('/Cast_to_float32'))).toHaveLength(1 + 2 * TINY_CONFIG.num_hidden_layers);
  });

  it('clamps float32 constants beyond the float16 range instead of turning them into infinities', async () => {
    const out = await compressModel({ model: tinyModel() }, { version: 1, steps: [{ kind: 'quantize', method: 'fp16' }] });
    const model = decodeModel(out.model);
    const where = model.graph!.node!.find((node) => node.opType === 'Where')!;
    // The mask fill value (-3.4e38) feeds a float16 Where: stored as -65504, the largest finite float16.
    const fill = model.graph!.initializer!.find((tensor) => tensor.name === where.input![2]);
    expect(fill!.dataType).toBe(T.FLOAT16);
    expect(new DataView(fill!.rawData!.buffer, fill!.rawData!.byteOffset).getUint16(0, true)).toBe(0xfbff);
  });
});
