// The ONNX fuzz suites: seed models (a small LLaMA built by the project's own builder, the same with
// its weights in an external data file, its q4-compressed form, and real exported models from the
// shared fixtures), each mutated per case and run through inspect (decode + inspectModel) and,
// for the built models, compress with a recipe drawn per case.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compressModel } from '../../src/core/compress/compress.ts';
import type { Recipe } from '../../src/core/compress/types.ts';
import type { LlamaConfig } from '../../src/core/models/llama-config.ts';
import { buildLlamaOnnx } from '../../src/core/models/llama-onnx.ts';
import { randomLlamaWeights } from '../../src/core/models/llama-weights.ts';
import { encodeOnnxModel } from '../../src/core/models/onnx-graph.ts';
import type { SeededRandom } from '../../src/core/models/seeded-random.ts';
import { decodeModel, encodeModel, externalDataFromFiles, inspectModel, onnx, writeModelWithExternalData, type ExternalDataFile } from '../../src/core/onnx/index.ts';
import { BYTE_MUTATION_NAMES, BYTE_MUTATIONS, pickOne } from './mutations.ts';
import { STRUCTURE_MUTATION_NAMES, STRUCTURE_MUTATIONS } from './structure.ts';
import { runStage, type FuzzSuite } from './suite.ts';

export const REAL_FIXTURES = '/work/shared/fixtures/onnx-real';

// One layer, hidden 32: every operator of the real demo model in ~60 KB, so a compress takes ~10 ms.
const SEED_CONFIG: LlamaConfig = {
  vocab_size: 64, hidden_size: 32, intermediate_size: 48, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 2,
  max_position_embeddings: 64, rms_norm_eps: 1e-5, rope_theta: 10000, tie_word_embeddings: false, bos_token_id: 0, eos_token_id: 1, pad_token_id: 2,
};

const RECIPES: readonly Recipe[] = [
  { version: 1, steps: [{ kind: 'quantize', method: 'q4' }] },
  { version: 1, steps: [{ kind: 'quantize', method: 'q4', blockSize: 16, symmetric: false, embeddings: true }] },
  { version: 1, steps: [{ kind: 'quantize', method: 'q8' }] },
  { version: 1, steps: [{ kind: 'quantize', method: 'int8' }] },
  { version: 1, steps: [{ kind: 'quantize', method: 'fp16' }] },
  { version: 1, steps: [{ kind: 'quantize', method: 'q8dyn' }] },
  { version: 1, steps: [{ kind: 'prune', method: 'magnitude', sparsity: 0.5, pattern: 'unstructured' }] },
  { version: 1, steps: [{ kind: 'prune', method: 'magnitude', sparsity: 0, pattern: '2:4' }, { kind: 'quantize', method: 'q4' }] },
  { version: 1, steps: [{ kind: 'prune-neurons', sparsity: 0.25, score: 'l2' }] },
];

interface SeedModel {
  bytes: Uint8Array;
  files: ExternalDataFile[];
  compress: boolean;
}

/** A mutated model: bytes mutated directly, or the decoded model changed and encoded again. */
function mutate(seed: SeedModel, random: SeededRandom): { bytes: Uint8Array; mutation: string } {
  if (random.next() < 0.6) {
    const mutation = pickOne(BYTE_MUTATION_NAMES, random);
    return { bytes: BYTE_MUTATIONS[mutation]!(seed.bytes, random), mutation };
  }
  const mutation = pickOne(STRUCTURE_MUTATION_NAMES, random);
  const model = STRUCTURE_MUTATIONS[mutation]!(decodeModel(seed.bytes), random);
  return { bytes: onnx.ModelProto.encode(model).finish(), mutation };
}

function onnxSuite(name: string, cases: number, seed: () => Promise<SeedModel>): FuzzSuite {
  return {
    name,
    cases,
    async prepare() {
      const model = await seed();
      return async (random, stage) => {
        const { bytes, mutation } = mutate(model, random);
        stage.mutation = mutation;
        await runStage(stage, 'inspect', () => inspectModel(decodeModel(bytes, { name: 'fuzz.onnx' }), { externalData: externalDataFromFiles(model.files) }));
        if (!model.compress) return;
        const recipe = pickOne(RECIPES, random);
        await runStage(stage, 'compress', () => compressModel({ model: bytes, externalData: model.files, name: 'fuzz.onnx' }, recipe));
      };
    },
  };
}

function llamaBytes(): Uint8Array {
  return encodeOnnxModel(buildLlamaOnnx(SEED_CONFIG, randomLlamaWeights(SEED_CONFIG, 11, { std: 0.2, randomNorms: true })));
}

function realFixture(name: string, cases: number): FuzzSuite | null {
  const path = join(REAL_FIXTURES, name);
  if (!existsSync(path)) return null;
  return onnxSuite(`onnx: ${name}`, cases, async () => ({ bytes: new Uint8Array(readFileSync(path)), files: [], compress: false }));
}

/** The ONNX suites; `scale` multiplies every case count (1 = the CI run, 10,200 cases). */
export function onnxSuites(scale: number): FuzzSuite[] {
  const n = (count: number): number => Math.max(1, Math.round(count * scale));
  const suites = [
    onnxSuite('onnx: llama (built)', n(5_600), async () => ({ bytes: llamaBytes(), files: [], compress: true })),
    onnxSuite('onnx: llama, external data', n(2_000), async () => {
      const written = writeModelWithExternalData(decodeModel(llamaBytes()), { location: 'w.onnx_data', sizeThreshold: 100 });
      return { bytes: written.model, files: written.files, compress: true };
    }),
    onnxSuite('onnx: llama q4 (MatMulNBits)', n(1_400), async () => {
      const q4 = await compressModel({ model: llamaBytes() }, { version: 1, steps: [{ kind: 'quantize', method: 'q4', embeddings: true }] }, { externalData: false });
      return { bytes: encodeModel(decodeModel(q4.model)), files: [], compress: true };
    }),
    realFixture('genai_tiny-random-gpt2-fp32_past.onnx', n(300)),
    realFixture('genai_tiny-qwen35_decoder_fp16.onnx', n(300)),
    realFixture('ort_bert_toy_optimized.onnx', n(300)),
    realFixture('ort_gpt2_nopast_pytorch1.4_opset11.onnx', n(300)),
  ];
  return suites.filter((suite): suite is FuzzSuite => suite !== null);
}
