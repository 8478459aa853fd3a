// Shared builders for the storage tests.
import type { LabStorage } from '../../../../src/lib/storage/lab-storage.ts';
import type { VariantInput } from '../../../../src/lib/storage/variants.ts';

/** Deterministic bytes: (i * 31 + seed) mod 251. */
export function bytesOf(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 251);
}

export function variantInput(id: string): VariantInput {
  return {
    id,
    name: `SmolLM2 ${id}`,
    baseModel: { source: 'demo-pack', modelId: 'tiny-gpt' },
    recipe: { steps: [{ kind: 'quantize', bits: 4, blockSize: 32 }] },
    recipeSummary: 'rtn q4 block 32',
    createdAt: '2025-03-01T00:00:00.000Z',
    metadata: { parameters: 1_000_000 },
  };
}

type StoreName = 'variants' | 'variantChunks' | 'runs' | 'baselines' | 'hubFiles' | 'hubChunks' | 'settings';

export async function countRecords(storage: LabStorage, store: StoreName): Promise<number> {
  return storage.db.count(store);
}
