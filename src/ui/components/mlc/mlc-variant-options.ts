// Ticked web-llm rungs as the Compare page's VariantOptions (one per rung, always on WebGPU), in
// catalogue order: ladder by ladder, most precise rung first, so the first is a natural baseline.
import type { VariantOption } from '../../../core/compare/variant-options.ts';
import type { Verdict } from '../../../core/device/capabilities.ts';
import type { MlcLadder } from '../../../core/engines/mlc/catalogue.ts';
import { variantKey } from '../../../core/engines/spec.ts';
import type { VariantSpec } from '../../../core/engines/types.ts';

export function mlcVariantOptions(ladders: readonly MlcLadder[], selected: readonly string[], verdicts: ReadonlyMap<string, Verdict>): VariantOption[] {
  const options: VariantOption[] = [];
  for (const ladder of ladders) {
    for (const rung of ladder.rungs) {
      if (!selected.includes(rung.modelId)) continue;
      const spec: VariantSpec = { model: { source: 'mlc-prebuilt', modelId: rung.modelId }, device: 'webgpu', label: `${ladder.label} ${rung.quantization.name}` };
      options.push({
        key: variantKey(spec),
        row: `${ladder.label} · ${rung.quantization.name}`,
        device: 'webgpu',
        spec,
        recipe: null,
        verdict: verdicts.get(rung.modelId) ?? { ok: true },
      });
    }
  }
  return options;
}
