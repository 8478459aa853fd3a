// Architectures of the models in web-llm's catalogue, from their published config.json files (the
// configs themselves are not available offline). Data only. Each entry matches web-llm base names
// by a pattern and cites the repository whose config.json it copies; fine-tunes share their base's
// shape (a few added tokens in the vocabulary aside, noted where known).
import type { ModelArchitecture } from './architecture.ts';

export interface KnownArchitecture {
  key: string;
  /** Tested against web-llm's base model name (the id without quantization and -MLC). */
  pattern: RegExp;
  architecture: ModelArchitecture;
  /** The config.json the numbers come from. */
  source: string;
}

type Shape = Pick<ModelArchitecture, 'family' | 'vocab' | 'hidden' | 'layers' | 'heads' | 'kvHeads' | 'intermediate' | 'tiedEmbeddings' | 'maxContext'> & Partial<ModelArchitecture>;

function arch(shape: Shape): ModelArchitecture {
  return {
    headDim: shape.hidden / shape.heads,
    mlp: 'gated', norm: 'rms', normsPerLayer: 2, qkNorm: 'none',
    qkvBias: false, outputBias: false, mlpBias: false, lmHeadBias: false, fusedQkv: false, fusedGateUp: false,
    ...shape,
  };
}

const hf = (repo: string) => `https://huggingface.co/${repo}/blob/main/config.json`;
const qwen2 = { family: 'qwen2', qkvBias: true } as const;
const qwen3 = { family: 'qwen3', qkNorm: 'head', vocab: 151936, headDim: 128, maxContext: 40960 } as const;
const gemma2 = { family: 'gemma2', vocab: 256000, headDim: 256, normsPerLayer: 4, tiedEmbeddings: true, maxContext: 8192 } as const;
const phi = { family: 'phi', mlp: 'plain', norm: 'layer', normsPerLayer: 1, qkvBias: true, outputBias: true, mlpBias: true, lmHeadBias: true, vocab: 51200, tiedEmbeddings: false, maxContext: 2048 } as const;

export const KNOWN_ARCHITECTURES: readonly KnownArchitecture[] = [
  { key: 'Llama-3.2-1B', pattern: /Llama-3\.2-1B/, source: hf('meta-llama/Llama-3.2-1B-Instruct'),
    architecture: arch({ family: 'llama', vocab: 128256, hidden: 2048, layers: 16, heads: 32, kvHeads: 8, headDim: 64, intermediate: 8192, tiedEmbeddings: true, maxContext: 131072 }) },
  { key: 'Llama-3.2-3B', pattern: /Llama-3\.2-3B/, source: hf('meta-llama/Llama-3.2-3B-Instruct'),
    architecture: arch({ family: 'llama', vocab: 128256, hidden: 3072, layers: 28, heads: 24, kvHeads: 8, headDim: 128, intermediate: 8192, tiedEmbeddings: true, maxContext: 131072 }) },
  { key: 'Llama-3-8B', pattern: /Llama-3(\.1)?-8B|Distill-Llama-8B/, source: `${hf('meta-llama/Meta-Llama-3-8B-Instruct')}; ${hf('meta-llama/Llama-3.1-8B-Instruct')}; ${hf('deepseek-ai/DeepSeek-R1-Distill-Llama-8B')} (Hermes-2-Pro adds 32 tokens)`,
    architecture: arch({ family: 'llama', vocab: 128256, hidden: 4096, layers: 32, heads: 32, kvHeads: 8, intermediate: 14336, tiedEmbeddings: false, maxContext: 8192 }) },
  { key: 'Llama-3-70B', pattern: /Llama-3(\.1)?-70B/, source: hf('meta-llama/Meta-Llama-3-70B-Instruct'),
    architecture: arch({ family: 'llama', vocab: 128256, hidden: 8192, layers: 80, heads: 64, kvHeads: 8, intermediate: 28672, tiedEmbeddings: false, maxContext: 8192 }) },
  { key: 'Llama-2-7b', pattern: /Llama-2-7b/, source: hf('meta-llama/Llama-2-7b-chat-hf'),
    architecture: arch({ family: 'llama', vocab: 32000, hidden: 4096, layers: 32, heads: 32, kvHeads: 32, intermediate: 11008, tiedEmbeddings: false, maxContext: 4096 }) },
  { key: 'Llama-2-13b', pattern: /Llama-2-13b/, source: hf('meta-llama/Llama-2-13b-chat-hf'),
    architecture: arch({ family: 'llama', vocab: 32000, hidden: 5120, layers: 40, heads: 40, kvHeads: 40, intermediate: 13824, tiedEmbeddings: false, maxContext: 4096 }) },
  { key: 'TinyLlama-1.1B', pattern: /TinyLlama-1\.1B/, source: hf('TinyLlama/TinyLlama-1.1B-Chat-v1.0'),
    architecture: arch({ family: 'llama', vocab: 32000, hidden: 2048, layers: 22, heads: 32, kvHeads: 4, intermediate: 5632, tiedEmbeddings: false, maxContext: 2048 }) },
  { key: 'Mistral-7B', pattern: /Mistral-7B|WizardMath-7B/, source: `${hf('mistralai/Mistral-7B-Instruct-v0.2')} (v0.3: vocabulary 32768; fine-tunes add up to 32 tokens)`,
    architecture: arch({ family: 'mistral', vocab: 32000, hidden: 4096, layers: 32, heads: 32, kvHeads: 8, intermediate: 14336, tiedEmbeddings: false, maxContext: 32768 }) },
  { key: 'SmolLM2-135M', pattern: /SmolLM2-135M/, source: hf('HuggingFaceTB/SmolLM2-135M-Instruct'),
    architecture: arch({ family: 'llama', vocab: 49152, hidden: 576, layers: 30, heads: 9, kvHeads: 3, intermediate: 1536, tiedEmbeddings: true, maxContext: 8192 }) },
  { key: 'SmolLM2-360M', pattern: /SmolLM2-360M/, source: hf('HuggingFaceTB/SmolLM2-360M-Instruct'),
    architecture: arch({ family: 'llama', vocab: 49152, hidden: 960, layers: 32, heads: 15, kvHeads: 5, intermediate: 2560, tiedEmbeddings: true, maxContext: 8192 }) },
  { key: 'SmolLM2-1.7B', pattern: /SmolLM2-1\.7B/, source: hf('HuggingFaceTB/SmolLM2-1.7B-Instruct'),
    architecture: arch({ family: 'llama', vocab: 49152, hidden: 2048, layers: 24, heads: 32, kvHeads: 32, intermediate: 8192, tiedEmbeddings: true, maxContext: 8192 }) },
  { key: 'Qwen2-0.5B', pattern: /Qwen2(\.5)?(-Coder)?-0\.5B/, source: hf('Qwen/Qwen2.5-0.5B-Instruct'),
    architecture: arch({ ...qwen2, vocab: 151936, hidden: 896, layers: 24, heads: 14, kvHeads: 2, intermediate: 4864, tiedEmbeddings: true, maxContext: 32768 }) },
  { key: 'Qwen2-1.5B', pattern: /Qwen2(\.5)?(-Coder|-Math)?-1\.5B/, source: hf('Qwen/Qwen2.5-1.5B-Instruct'),
    architecture: arch({ ...qwen2, vocab: 151936, hidden: 1536, layers: 28, heads: 12, kvHeads: 2, intermediate: 8960, tiedEmbeddings: true, maxContext: 32768 }) },
  { key: 'Qwen2.5-3B', pattern: /Qwen2\.5(-Coder)?-3B/, source: hf('Qwen/Qwen2.5-3B-Instruct'),
    architecture: arch({ ...qwen2, vocab: 151936, hidden: 2048, layers: 36, heads: 16, kvHeads: 2, intermediate: 11008, tiedEmbeddings: true, maxContext: 32768 }) },
  { key: 'Qwen2-7B', pattern: /Qwen2(\.5)?(-Coder|-Math)?-7B|DeepSeek-R1-Distill-Qwen-7B/, source: `${hf('Qwen/Qwen2.5-7B-Instruct')}; ${hf('deepseek-ai/DeepSeek-R1-Distill-Qwen-7B')}`,
    architecture: arch({ ...qwen2, vocab: 152064, hidden: 3584, layers: 28, heads: 28, kvHeads: 4, intermediate: 18944, tiedEmbeddings: false, maxContext: 32768 }) },
  { key: 'Qwen3-0.6B', pattern: /^Qwen3-0\.6B/, source: hf('Qwen/Qwen3-0.6B'),
    architecture: arch({ ...qwen3, hidden: 1024, layers: 28, heads: 16, kvHeads: 8, intermediate: 3072, tiedEmbeddings: true }) },
  { key: 'Qwen3-1.7B', pattern: /^Qwen3-1\.7B/, source: hf('Qwen/Qwen3-1.7B'),
    architecture: arch({ ...qwen3, hidden: 2048, layers: 28, heads: 16, kvHeads: 8, intermediate: 6144, tiedEmbeddings: true }) },
  { key: 'Qwen3-4B', pattern: /^Qwen3-4B/, source: hf('Qwen/Qwen3-4B'),
    architecture: arch({ ...qwen3, hidden: 2560, layers: 36, heads: 32, kvHeads: 8, intermediate: 9728, tiedEmbeddings: true }) },
  { key: 'Qwen3-8B', pattern: /^Qwen3-8B/, source: hf('Qwen/Qwen3-8B'),
    architecture: arch({ ...qwen3, hidden: 4096, layers: 36, heads: 32, kvHeads: 8, intermediate: 12288, tiedEmbeddings: false }) },
  { key: 'Phi-3-mini', pattern: /Phi-3(\.5)?-mini/, source: `${hf('microsoft/Phi-3-mini-4k-instruct')}; ${hf('microsoft/Phi-3.5-mini-instruct')}`,
    architecture: arch({ family: 'phi3', vocab: 32064, hidden: 3072, layers: 32, heads: 32, kvHeads: 32, intermediate: 8192, tiedEmbeddings: false, fusedQkv: true, fusedGateUp: true, maxContext: 4096 }) },
  { key: 'Phi-4-mini', pattern: /Phi-4-mini/, source: hf('microsoft/Phi-4-mini-instruct'),
    architecture: arch({ family: 'phi3', vocab: 200064, hidden: 3072, layers: 32, heads: 24, kvHeads: 8, intermediate: 8192, tiedEmbeddings: true, fusedQkv: true, fusedGateUp: true, maxContext: 131072 }) },
  { key: 'phi-2', pattern: /^phi-2/, source: hf('microsoft/phi-2'),
    architecture: arch({ ...phi, hidden: 2560, layers: 32, heads: 32, kvHeads: 32, intermediate: 10240 }) },
  { key: 'phi-1_5', pattern: /^phi-1_5/, source: hf('microsoft/phi-1_5'),
    architecture: arch({ ...phi, hidden: 2048, layers: 24, heads: 32, kvHeads: 32, intermediate: 8192 }) },
  { key: 'gemma-2b', pattern: /^gemma-2b/, source: hf('google/gemma-2b-it'),
    architecture: arch({ family: 'gemma', vocab: 256000, hidden: 2048, layers: 18, heads: 8, kvHeads: 1, headDim: 256, intermediate: 16384, tiedEmbeddings: true, maxContext: 8192 }) },
  { key: 'gemma-2-2b', pattern: /^gemma-2-2b/, source: hf('google/gemma-2-2b-it'),
    architecture: arch({ ...gemma2, hidden: 2304, layers: 26, heads: 8, kvHeads: 4, intermediate: 9216 }) },
  { key: 'gemma-2-9b', pattern: /^gemma-2-9b/, source: hf('google/gemma-2-9b-it'),
    architecture: arch({ ...gemma2, hidden: 3584, layers: 42, heads: 16, kvHeads: 8, intermediate: 14336 }) },
  { key: 'gemma-3-1b', pattern: /^gemma3-1b/, source: hf('google/gemma-3-1b-it'),
    architecture: arch({ family: 'gemma3_text', vocab: 262144, hidden: 1152, layers: 26, heads: 4, kvHeads: 1, headDim: 256, intermediate: 6912, tiedEmbeddings: true, normsPerLayer: 4, qkNorm: 'head', maxContext: 32768 }) },
  { key: 'stablelm-2-1_6b', pattern: /stablelm-2-zephyr-1_6b/, source: hf('stabilityai/stablelm-2-zephyr-1_6b'),
    architecture: arch({ family: 'stablelm', vocab: 100352, hidden: 2048, layers: 24, heads: 32, kvHeads: 32, intermediate: 5632, tiedEmbeddings: false, norm: 'layer', qkvBias: true, maxContext: 4096 }) },
  { key: 'RedPajama-INCITE-3B', pattern: /RedPajama-INCITE-Chat-3B/, source: hf('togethercomputer/RedPajama-INCITE-Chat-3B-v1'),
    architecture: arch({ family: 'gpt_neox', vocab: 50432, hidden: 2560, layers: 32, heads: 32, kvHeads: 32, intermediate: 10240, tiedEmbeddings: false, mlp: 'plain', norm: 'layer', qkvBias: true, outputBias: true, mlpBias: true, maxContext: 2048 }) },
  { key: 'OLMo-2-7B', pattern: /OLMo-2-1124-7B/, source: hf('allenai/OLMo-2-1124-7B-Instruct'),
    architecture: arch({ family: 'olmo2', vocab: 100352, hidden: 4096, layers: 32, heads: 32, kvHeads: 32, intermediate: 11008, tiedEmbeddings: false, qkNorm: 'full', maxContext: 4096 }) },
];

export function findKnownArchitecture(baseName: string): KnownArchitecture | undefined {
  return KNOWN_ARCHITECTURES.find((known) => known.pattern.test(baseName));
}
