// The same figures a second way: scaled-down configs with the structure of the four acceptance models
// (their query:KV head ratio and tying) are built into ONNX by the project's builder, and the
// planner reads parameters, stored bytes and the KV cache back from the file's own initializers and
// past_key_values inputs. The q4 variant is written by the project's quantizer, not by the planner.
import { describe, expect, it } from 'vitest';
import { compressModel } from '../../../../src/core/compress/index.ts';
import type { LlamaConfig } from '../../../../src/core/models/llama-config.ts';
import { buildLlamaOnnx } from '../../../../src/core/models/llama-onnx.ts';
import { randomLlamaWeights } from '../../../../src/core/models/llama-weights.ts';
import { decodeModel, encodeModel, tensorByteLength, tensorLayout } from '../../../../src/core/onnx/index.ts';
import { architectureFromConfig, factsFromArchitecture, factsFromOnnx, kvElementsPerToken, planMemory, type FormatId } from '../../../../src/core/plan/index.ts';

const base = { max_position_embeddings: 64, rms_norm_eps: 1e-5, rope_theta: 10000, bos_token_id: 0, eos_token_id: 1, num_hidden_layers: 2, vocab_size: 320 };
const SCALED: Array<{ like: string; config: LlamaConfig }> = [
  { like: 'Llama-3.2-1B (32:8 heads, tied)', config: { ...base, hidden_size: 64, intermediate_size: 256, num_attention_heads: 4, num_key_value_heads: 1, tie_word_embeddings: true } },
  { like: 'Qwen2.5-0.5B (14:2 heads, tied)', config: { ...base, hidden_size: 112, intermediate_size: 608, num_attention_heads: 7, num_key_value_heads: 1, tie_word_embeddings: true } },
  { like: 'Mistral-7B (32:8 heads, untied)', config: { ...base, hidden_size: 128, intermediate_size: 448, num_attention_heads: 4, num_key_value_heads: 1, tie_word_embeddings: false } },
  { like: 'Phi-3-mini (32:32 heads, untied)', config: { ...base, hidden_size: 96, intermediate_size: 256, num_attention_heads: 4, num_key_value_heads: 4, tie_word_embeddings: false } },
];

/** Float initializers the builder adds that are not weights (rotary inv_freq, scalar constants). */
function helperFloats(model: ReturnType<typeof decodeModel>): { elements: number; bytes: number } {
  let elements = 0;
  let bytes = 0;
  for (const tensor of model.graph?.initializer ?? []) {
    if (!(tensor.name ?? '').startsWith('/model/')) continue;
    bytes += tensorByteLength(tensor);
    const layout = tensorLayout(tensor);
    if (layout.dtype === 'float32') elements += layout.count;
  }
  return { elements, bytes };
}

describe('config.json figures match the ONNX the project builds from the same config', () => {
  it.each(SCALED)('$like', async ({ config }) => {
    const arch = architectureFromConfig({ model_type: 'llama', ...config });
    const fp32 = decodeModel(encodeModel(buildLlamaOnnx(config, randomLlamaWeights(config, 5))));
    const fromOnnx = factsFromOnnx(fp32);
    const helpers = helperFloats(fp32);
    const tiedCopy = config.tie_word_embeddings ? config.vocab_size * config.hidden_size : 0;
    const fromConfig = factsFromArchitecture(arch, 'fp32');

    // The builder writes a tied head as its own lm_head initializer: the file holds the table twice.
    expect(fromOnnx.parameters).toBe(fromConfig.parameters + tiedCopy + helpers.elements);
    expect(fromOnnx.weightsBytes).toBe(fromConfig.weightsBytes + helpers.bytes);
    expect(fromOnnx.kvBytesPerToken).toBe(kvElementsPerToken(arch) * 4);
    expect(fromOnnx.shape).toMatchObject({ vocab: config.vocab_size, hidden: config.hidden_size, layers: 2, kvHeads: config.num_key_value_heads, intermediate: config.intermediate_size, heads: config.num_attention_heads });
    expect(fromOnnx.gatheredBytes).toBe(config.vocab_size * config.hidden_size * 4);

    const q4 = decodeModel((await compressModel({ model: encodeModel(fp32) }, { version: 1, steps: [{ kind: 'quantize', method: 'q4' }] }, { externalData: false })).model);
    const q4Onnx = factsFromOnnx(q4);
    expect(q4Onnx.weightsBytes).toBe(factsFromArchitecture(arch, 'q4' satisfies FormatId).weightsBytes + helperFloats(q4).bytes);
    expect(q4Onnx.parameters).toBe(fromOnnx.parameters);
    const context = 48;
    expect(planMemory(q4Onnx, { context }).kvCacheBytes).toBe(planMemory(factsFromArchitecture(arch, 'q4'), { context }).kvCacheBytes);
  });
});
