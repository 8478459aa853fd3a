// config.json values as published on the Hugging Face hub (the fields the planner reads), with the
// parameter counts the hub shows for the same checkpoints (safetensors metadata, rounded as shown).
// Sources: huggingface.co/<repo>/blob/main/config.json for each repo below.

export const LLAMA_3_2_1B = {
  repo: 'meta-llama/Llama-3.2-1B',
  publishedParameters: 1.24e9,
  config: {
    architectures: ['LlamaForCausalLM'], model_type: 'llama', vocab_size: 128256, hidden_size: 2048, intermediate_size: 8192,
    num_hidden_layers: 16, num_attention_heads: 32, num_key_value_heads: 8, head_dim: 64, max_position_embeddings: 131072,
    tie_word_embeddings: true, attention_bias: false, mlp_bias: false, rms_norm_eps: 1e-5, rope_theta: 500000.0, torch_dtype: 'bfloat16',
  },
};

export const QWEN2_5_0_5B = {
  repo: 'Qwen/Qwen2.5-0.5B',
  publishedParameters: 0.494e9,
  config: {
    architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', vocab_size: 151936, hidden_size: 896, intermediate_size: 4864,
    num_hidden_layers: 24, num_attention_heads: 14, num_key_value_heads: 2, max_position_embeddings: 32768,
    tie_word_embeddings: true, rms_norm_eps: 1e-6, rope_theta: 1000000.0, sliding_window: 32768, use_sliding_window: false, torch_dtype: 'bfloat16',
  },
};

export const MISTRAL_7B = {
  repo: 'mistralai/Mistral-7B-v0.1',
  publishedParameters: 7.24e9,
  config: {
    architectures: ['MistralForCausalLM'], model_type: 'mistral', vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336,
    num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, max_position_embeddings: 32768,
    tie_word_embeddings: false, rms_norm_eps: 1e-5, rope_theta: 10000.0, sliding_window: 4096, torch_dtype: 'bfloat16',
  },
};

export const PHI_3_MINI = {
  repo: 'microsoft/Phi-3-mini-4k-instruct',
  publishedParameters: 3.82e9,
  config: {
    architectures: ['Phi3ForCausalLM'], model_type: 'phi3', vocab_size: 32064, hidden_size: 3072, intermediate_size: 8192,
    num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, max_position_embeddings: 4096,
    tie_word_embeddings: false, rms_norm_eps: 1e-5, rope_theta: 10000.0, sliding_window: 2047, torch_dtype: 'bfloat16',
  },
};

export const GEMMA_2B = {
  repo: 'google/gemma-2b',
  publishedParameters: 2.51e9,
  config: {
    architectures: ['GemmaForCausalLM'], model_type: 'gemma', vocab_size: 256000, hidden_size: 2048, intermediate_size: 16384,
    num_hidden_layers: 18, num_attention_heads: 8, num_key_value_heads: 1, head_dim: 256, max_position_embeddings: 8192, rms_norm_eps: 1e-6,
  },
};
