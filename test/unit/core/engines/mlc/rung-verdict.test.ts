// Which web-llm rungs a device can run, on the real prebuilt records: f16 gating without
// shader-f16 (the e2e SwiftShader adapter), VRAM, storage-binding size, web-llm's runtime minimums.
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { rungVerdict } from '../../../../../src/core/engines/mlc/rung-verdict.ts';
import { adapter, device, noWebGpu, smallBindings, swiftShader, withF16 } from './capabilities-fixtures.ts';

const records = prebuiltAppConfig.model_list.filter((r) => r.model_type !== 1);
const record = (id: string) => {
  const found = records.find((r) => r.model_id === id);
  if (!found) throw new Error(`${id} is not in web-llm's prebuilt list`);
  return found;
};

describe('rungVerdict', () => {
  it('without shader-f16, disables exactly the rungs whose id names f16, and says why', () => {
    for (const r of records) {
      const verdict = rungVerdict(r, swiftShader);
      if (/f16/.test(r.model_id)) {
        expect(verdict, r.model_id).toEqual({ ok: false, reason: expect.stringMatching(/shader-f16.*SwiftShader Device \(Subzero\).*f32 rung/) });
      } else if (!verdict.ok) {
        // f32 rungs may still fail on memory, never on f16.
        expect(verdict.reason, r.model_id).not.toMatch(/shader-f16/);
      }
    }
    expect(rungVerdict(record('SmolLM2-360M-Instruct-q4f32_1-MLC'), swiftShader)).toEqual({ ok: true });
    expect(rungVerdict(record('SmolLM2-360M-Instruct-q4f16_1-MLC'), withF16)).toEqual({ ok: true });
  });

  it('gates f16 even where web-llm declares no required feature', () => {
    const qwen = record('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    expect(qwen.required_features).toBeUndefined();
    expect(rungVerdict(qwen, swiftShader).ok).toBe(false);
  });

  it('disables rungs needing more memory than the device reports', () => {
    const oneGiB = device(adapter({ shaderF16: true }), 1);
    // Llama-3.2-1B: q4f16_1 needs 879 MB, q0f32 5106 MB.
    expect(rungVerdict(record('Llama-3.2-1B-Instruct-q4f16_1-MLC'), oneGiB)).toEqual({ ok: true });
    expect(rungVerdict(record('Llama-3.2-1B-Instruct-q0f32-MLC'), oneGiB)).toEqual({ ok: false, reason: expect.stringMatching(/5106 MB of GPU memory.*1 GiB/) });
    // Unknown device memory (browsers without navigator.deviceMemory) does not block.
    expect(rungVerdict(record('Llama-3.2-1B-Instruct-q0f32-MLC'), device(adapter({ shaderF16: true }), null))).toEqual({ ok: true });
  });

  it('checks buffer_size_required_bytes against maxStorageBufferBindingSize', () => {
    const gemma = record('gemma-2b-it-q4f32_1-MLC');
    expect(gemma.buffer_size_required_bytes).toBe(262144000);
    expect(rungVerdict(gemma, smallBindings)).toEqual({ ok: false, reason: expect.stringMatching(/250 MiB GPU buffer.*allows 200 MiB/) });
    expect(rungVerdict(record('SmolLM2-360M-Instruct-q4f32_1-MLC'), smallBindings)).toEqual({ ok: true });
  });

  it("enforces web-llm's own minimum limits and WebGPU itself", () => {
    const tiny = device(adapter({ limits: { maxBufferSize: 128 * 1024 ** 2, maxStorageBufferBindingSize: 128 * 1024 ** 2 } }));
    expect(rungVerdict(record('SmolLM2-360M-Instruct-q4f32_1-MLC'), tiny)).toEqual({ ok: false, reason: expect.stringMatching(/at least 256 MiB.*allows 128 MiB/) });
    expect(rungVerdict(record('SmolLM2-360M-Instruct-q4f32_1-MLC'), noWebGpu)).toEqual({ ok: false, reason: expect.stringMatching(/only on WebGPU.*no navigator\.gpu/) });
  });

  it('checks declared features it can see, and leaves unknown ones to web-llm', () => {
    const base = record('SmolLM2-360M-Instruct-q4f32_1-MLC');
    expect(rungVerdict({ ...base, required_features: ['subgroups'] }, swiftShader)).toEqual({ ok: false, reason: expect.stringMatching(/feature subgroups/) });
    expect(rungVerdict({ ...base, required_features: ['some-future-feature'] }, swiftShader)).toEqual({ ok: true });
  });
});
