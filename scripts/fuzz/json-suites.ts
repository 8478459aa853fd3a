// The JSON fuzz suites: config.json (planner, metrics facts, the LLaMA loader), tokenizer.json
// (tokenizers.js via loadTokenizer, the project's own BPE reader), recipes, and results files
// (import of an export, with both tree mutations and byte damage to the text).
import { readFileSync } from 'node:fs';
import { parseRecipe } from '../../src/core/compress/recipe.ts';
import { loadTokenizer } from '../../src/core/compress/calibration/tokenize.ts';
import { readModelFacts } from '../../src/core/engines/onnx/model-facts.ts';
import { llamaConfigFromHf } from '../../src/core/models/hf-files.ts';
import { validateLlamaConfig } from '../../src/core/models/llama-config.ts';
import { architectureFromConfig } from '../../src/core/plan/architecture.ts';
import { exportRunsJson, importRunFiles } from '../../src/core/results/json.ts';
import { BpeTokenizer } from '../../src/core/tokenizer/bpe-tokenizer.ts';
import { fromTokenizerJson } from '../../src/core/tokenizer/tokenizer-json.ts';
import { laptop, sampleRun } from '../../test/unit/core/results/sample-run.ts';
import { deepJsonText, mutateJson, type Json } from './json-mutations.ts';
import { BYTE_MUTATION_NAMES, BYTE_MUTATIONS, pickOne } from './mutations.ts';
import { runStage, type FuzzSuite } from './suite.ts';

const DEMO = new URL('../../public/models/moby-llama-1m/', import.meta.url);
const SAMPLE_TEXT = 'Call me Ishmael. <script>x</script> 12345 ünïcode';

function readJson(name: string): string {
  return readFileSync(new URL(name, DEMO), 'utf8');
}

const QWEN_CONFIG = JSON.stringify({
  architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', vocab_size: 151936, hidden_size: 896, intermediate_size: 4864, num_hidden_layers: 24,
  num_attention_heads: 14, num_key_value_heads: 2, max_position_embeddings: 32768, tie_word_embeddings: true, torch_dtype: 'bfloat16',
  text_config: { vocab_size: 151936 }, rope_scaling: { type: 'yarn', factor: 4 },
});

function jsonSuite(name: string, cases: number, seeds: () => string[], run: (value: unknown, stage: Parameters<typeof runStage>[0]) => Promise<void>): FuzzSuite {
  return {
    name,
    cases,
    async prepare() {
      const texts = seeds();
      return async (random, stage) => {
        const { value, mutation } = mutateJson(JSON.parse(pickOne(texts, random)) as Json, random);
        stage.mutation = mutation;
        await run(value, stage);
      };
    },
  };
}

const textEncoder = new TextEncoder();

/** Results files: half the cases damage the exported text itself (the importer parses it). */
function resultsSuite(cases: number): FuzzSuite {
  return {
    name: 'results import',
    cases,
    async prepare() {
      const text = exportRunsJson([sampleRun('run-1'), sampleRun('run-2', { outputText: '<img src=x onerror=window.__pwned=1>' })], laptop);
      return async (random, stage) => {
        let mutated: string;
        if (random.next() < 0.05) {
          stage.mutation = 'deepText';
          mutated = deepJsonText(text, random);
        } else if (random.next() < 0.5) {
          stage.mutation = pickOne(BYTE_MUTATION_NAMES, random);
          mutated = new TextDecoder().decode(BYTE_MUTATIONS[stage.mutation]!(textEncoder.encode(text), random));
        } else {
          const { value, mutation } = mutateJson(JSON.parse(text) as Json, random, true);
          stage.mutation = mutation;
          mutated = JSON.stringify(value) ?? 'undefined';
        }
        await runStage(stage, 'import', () => importRunFiles([{ name: 'fuzz.json', text: mutated }], [sampleRun('existing')]));
      };
    },
  };
}

const RECIPE = JSON.stringify({ version: 1, name: 'r', steps: [{ kind: 'prune', method: 'wanda', sparsity: 0.5, pattern: 'unstructured', select: { include: ['.*'] } }, { kind: 'quantize', method: 'q4', blockSize: 32 }] });

/** Recipe files as text (the CLI and the page parse them): tree mutations, some with deep nesting as text. */
function recipeSuite(cases: number): FuzzSuite {
  return {
    name: 'recipe',
    cases,
    async prepare() {
      return async (random, stage) => {
        let text: string;
        if (random.next() < 0.05) {
          stage.mutation = 'deepText';
          text = deepJsonText(RECIPE, random);
        } else {
          const { value, mutation } = mutateJson(JSON.parse(RECIPE) as Json, random, true);
          stage.mutation = mutation;
          text = JSON.stringify(value) ?? '';
        }
        await runStage(stage, 'recipe', () => parseRecipe(text));
      };
    },
  };
}

export function jsonSuites(scale: number): FuzzSuite[] {
  const n = (count: number): number => Math.max(1, Math.round(count * scale));
  return [
    jsonSuite('config.json', n(1_500), () => [readJson('config.json'), readJson('student-config.json'), QWEN_CONFIG], async (value, stage) => {
      await runStage(stage, 'plan', () => architectureFromConfig(value));
      await runStage(stage, 'facts', () => readModelFacts(value as Record<string, unknown>, textEncoder.encode('{}')));
      await runStage(stage, 'llama', () => validateLlamaConfig(llamaConfigFromHf(value as Record<string, unknown>)));
    }),
    jsonSuite('tokenizer.json', n(400), () => [readJson('tokenizer.json')], async (value, stage) => {
      await runStage(stage, 'tokenizers.js', () => loadTokenizer(value, JSON.parse(readJson('tokenizer_config.json'))).encode(SAMPLE_TEXT));
      await runStage(stage, 'bpe', () => new BpeTokenizer(fromTokenizerJson(value)).encode(SAMPLE_TEXT));
    }),
    recipeSuite(n(500)),
    resultsSuite(n(1_000)),
  ];
}
