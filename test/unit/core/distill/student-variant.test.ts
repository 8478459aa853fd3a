// A distilled student stored as a Variant of its teacher carries its own config.json (another
// architecture): the ONNX engine loads it with that config and scores a text exactly as
// onnxruntime does on the student's bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBytes, llamaHfConfig } from '../../../../src/core/models/hf-files.ts';
import { randomLlamaWeights } from '../../../../src/core/models/llama-weights.ts';
import { buildLlamaOnnx } from '../../../../src/core/models/llama-onnx.ts';
import { encodeOnnxModel } from '../../../../src/core/models/onnx-graph.ts';
import { perplexityFromDistribution } from '../../../../src/core/metrics/perplexity.ts';
import type { StoredVariantLike } from '../../../../src/core/engines/onnx/model-source.ts';
import { runLlamaStep } from '../../../../src/core/models/llama-runner.ts';
import { createSession } from '../../../../src/core/runtime/ort.ts';
import { BpeTokenizer } from '../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { CONFIG, engineOver, logProb, modelFiles, TempPack, TEXT, TOKENIZER } from '../engines/onnx/fixture.ts';

const STUDENT = { ...CONFIG, hidden_size: 16, intermediate_size: 24, num_hidden_layers: 1, num_attention_heads: 2, num_key_value_heads: 1 };
const SHORT = TEXT.slice(0, 140);

let pack: TempPack;
const studentBytes = encodeOnnxModel(buildLlamaOnnx(STUDENT, randomLlamaWeights(STUDENT, 4, { std: 0.2, randomNorms: true })));

function variant(withConfig: boolean): StoredVariantLike {
  const files = new Map([['model.onnx', studentBytes]]);
  const metas = [{ name: 'model.onnx', role: 'model' }];
  if (withConfig) {
    files.set('config.json', jsonBytes(llamaHfConfig(STUDENT)));
    metas.push({ name: 'config.json', role: 'other' });
  }
  return { record: { name: 'student', baseModel: { source: 'demo-pack', modelId: 'teacher' }, files: metas }, files };
}

describe('a distilled student as a stored variant', () => {
  beforeAll(async () => {
    pack = await TempPack.create();
    await pack.add('teacher', modelFiles(7));
  });
  afterAll(() => pack.remove());

  it('loads with its own config and scores like onnxruntime on its bytes', async () => {
    const engine = engineOver(pack, { getVariant: async () => variant(true) });
    await engine.load({ model: { source: 'stored-variant', variantId: 'v' }, device: 'wasm' });
    const score = await engine.score(SHORT, { context: 96 });
    await engine.unload();
    const ids = new BpeTokenizer(TOKENIZER).encode(SHORT);
    const { session } = await createSession(studentBytes, 'wasm');
    const { logits } = await runLlamaStep(session, STUDENT, { inputIds: [ids] });
    await session.release();
    const vocab = STUDENT.vocab_size;
    let nll = 0;
    for (let t = 1; t < ids.length; t++) nll -= logProb(logits.subarray((t - 1) * vocab, t * vocab), ids[t]!);
    expect(perplexityFromDistribution(score.distribution).value).toBeCloseTo(Math.exp(nll / (ids.length - 1)), 3);

  });
});
