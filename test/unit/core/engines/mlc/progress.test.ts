// Init progress texts -> EngineProgress. The texts are built the way tvmjs/web-llm build them, and
// each template's fixed parts are checked against the installed source so a rewording is caught.
import { describe, expect, it } from 'vitest';
import { adapterFromGpuLabel, InitProgressTracker, parseInitProgress } from '../../../../../src/core/engines/mlc/progress.ts';
import { webLlmSource } from './web-llm-source.ts';

const fetching = (i: number, n: number, mb: number, pct: number) =>
  `Fetching param cache[${i}/${n}]: ${mb}MB fetched. ${pct}% completed, 3 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.`;
const loading = (i: number, n: number, mb: number, pct: number) => `Loading model from cache[${i}/${n}]: ${mb}MB loaded. ${pct}% completed, 1 secs elapsed.`;

describe('parseInitProgress', () => {
  it('matches the templates in the installed web-llm', () => {
    for (const fragment of ['"Fetching param cache["', '"MB fetched. "', '"Loading model from cache["', '"MB loaded. "', '"Loading GPU shader modules["', '"Finish loading on "', '"Start to fetch params"']) {
      expect(webLlmSource).toContain(fragment);
    }
  });

  it('reads download, GPU copy, compile and finish reports', () => {
    expect(parseInitProgress({ progress: 0.25, timeElapsed: 3, text: fetching(5, 20, 145, 25) })).toEqual({
      phase: 'download', text: 'Downloading weights: shard 5 of 20, 145 MB', loadedBytes: 145 * 1024 ** 2, fraction: 0.25,
    });
    expect(parseInitProgress({ progress: 1, timeElapsed: 1, text: loading(20, 20, 580, 100) })).toMatchObject({ phase: 'load', loadedBytes: 580 * 1024 ** 2, fraction: 1 });
    expect(parseInitProgress({ progress: 0.5, timeElapsed: 2, text: 'Loading GPU shader modules[60/120]: 50% completed, 2 secs elapsed.' })).toEqual({
      phase: 'compile', text: 'Compiling GPU kernels: 60 of 120', fraction: 0.5,
    });
    expect(parseInitProgress({ progress: 1, timeElapsed: 9, text: 'Finish loading on WebGPU - SwiftShader Device (Subzero)' })).toMatchObject({
      phase: 'compile', fraction: 1, finishedOn: 'WebGPU - SwiftShader Device (Subzero)',
    });
    // Anything else passes through; NaN progress (0 / 0 bytes) gives no fraction.
    expect(parseInitProgress({ progress: Number.NaN, timeElapsed: 0, text: 'Start to fetch params' })).toEqual({ phase: 'load', text: 'Start to fetch params', fraction: undefined });
    expect(adapterFromGpuLabel('WebGPU - SwiftShader Device (Subzero)')).toBe('SwiftShader Device (Subzero)');
  });

  it('tracks whether weights came from the network, the largest size seen and the GPU label', () => {
    const cached = new InitProgressTracker();
    for (const text of ['Start to fetch params', loading(1, 2, 300, 50), loading(2, 2, 580, 100), 'Finish loading on WebGPU - Test GPU']) {
      cached.observe({ progress: 0.5, timeElapsed: 1, text });
    }
    expect(cached).toMatchObject({ sawDownload: false, weightBytesSeen: 580 * 1024 ** 2, gpuLabel: 'WebGPU - Test GPU' });
    const fresh = new InitProgressTracker();
    fresh.observe({ progress: 0.5, timeElapsed: 1, text: fetching(1, 2, 300, 50) });
    expect(fresh.sawDownload).toBe(true);
  });
});
