// Data: the small web-llm models shown first in the picker, smallest first. Ids follow web-llm's
// prebuilt list (checked against the installed package by test/unit/core/engines/mlc/catalogue.test.ts).

export interface FeaturedLadder {
  /** `ParsedModelId.base` of the ladder. */
  base: string;
  /** One line on why it is worth a first try. */
  note: string;
}

export const FEATURED_MLC_LADDERS: readonly FeaturedLadder[] = [
  { base: 'SmolLM2-135M-Instruct', note: 'Smallest chat model: 135M parameters, loads in seconds; only unquantized (q0) builds exist.' },
  { base: 'SmolLM2-360M-Instruct', note: 'Four rungs from q0f32 to q4f16_1: the clearest quantization ladder for a first comparison.' },
  { base: 'Qwen2.5-0.5B-Instruct', note: '0.5B parameters, multilingual; all four rungs.' },
  { base: 'Llama-3.2-1B-Instruct', note: '1B parameters; the q4 rungs fit most laptops, q0f32 needs about 5 GB of GPU memory.' },
];
