// The web-llm model list for pickers, read from the installed package on demand (it lives in the
// lazily loaded web-llm chunk), plus whether a model's weights are cached already.
import type { MlcModelRecord } from '../../../core/engines/mlc/model-record.ts';

export async function loadMlcModelRecords(): Promise<readonly MlcModelRecord[]> {
  return (await import('./web-llm.ts')).modelRecords();
}

/** True when every weight shard is in web-llm's cache (loads without network); false on any doubt. */
export async function isMlcModelCached(modelId: string): Promise<boolean> {
  try {
    return await (await import('./web-llm.ts')).isModelCached(modelId);
  } catch {
    return false;
  }
}
