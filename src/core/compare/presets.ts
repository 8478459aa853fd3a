// Prompt and reference-text presets for the Compare page. Data only. The reference passage is
// written for this project (no third-party text); demo-pack models use their own held-out split.

export interface PromptPreset {
  id: string;
  label: string;
  prompt: string;
}

export const PROMPT_PRESETS: readonly PromptPreset[] = [
  { id: 'sea', label: 'The sea (story opening)', prompt: 'The whale rose from the sea, and the captain' },
  { id: 'ship', label: 'Aboard the ship', prompt: 'On the deck of the old ship, the sailors' },
  { id: 'explain', label: 'Explain (for chat models)', prompt: 'Explain in two sentences why smaller language models run faster in a browser.' },
  { id: 'list', label: 'A short list (for chat models)', prompt: 'List three things to check before shipping a compressed model to users.' },
];

export interface ReferencePreset {
  id: string;
  label: string;
  /** Inline text, or null when the text comes from the model (the demo pack's held-out split). */
  text: string | null;
}

export const HELDOUT_PRESET_ID = 'heldout';

export const REFERENCE_PRESETS: readonly ReferencePreset[] = [
  { id: HELDOUT_PRESET_ID, label: "Demo model's held-out text (never seen in training)", text: null },
  {
    id: 'harbour',
    label: 'A harbour morning (general English)',
    text:
      'The harbour was quiet before dawn. A few boats rocked against the pier, their ropes creaking as the tide came in. ' +
      'An old fisherman sat on an upturned crate, mending a net by the light of a lantern, and he did not look up when the ' +
      'gulls began to call. By the time the sun cleared the hills, the first ships were already moving out past the breakwater, ' +
      'and the smell of salt and tar drifted over the town. Children ran down to the water to watch them go, counting the sails ' +
      'and arguing about which one would come home first. Their mothers called them back for breakfast, but nobody listened.',
  },
];
