// WebGPU copy bandwidth for the roofline: copyBufferToBuffer between two device buffers, a few
// rounds, best one. A copy reads and writes each byte, so bytes moved = 2 x size. Runs in the plan
// worker (navigator.gpu exists in dedicated workers); null where WebGPU is unavailable.

export interface GpuBandwidth {
  bytes: number;
  /** Bytes read plus written per second. */
  bytesPerS: number;
  adapter: string;
  rounds: number;
}

const COPIES_PER_ROUND = 4;

export async function measureGpuCopyBandwidth(requestedBytes: number, budgetMs = 800): Promise<GpuBandwidth | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const device = await adapter.requestDevice();
  try {
    const bytes = Math.min(requestedBytes, adapter.limits.maxBufferSize) & ~3;
    const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const source = device.createBuffer({ size: bytes, usage });
    const target = device.createBuffer({ size: bytes, usage });
    const round = async (): Promise<number> => {
      const encoder = device.createCommandEncoder();
      for (let i = 0; i < COPIES_PER_ROUND; i++) encoder.copyBufferToBuffer(source, 0, target, 0, bytes);
      const t0 = performance.now();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
      return performance.now() - t0;
    };
    await round(); // first touch allocates the buffers' memory
    let best = Number.POSITIVE_INFINITY;
    let rounds = 0;
    const start = performance.now();
    do {
      best = Math.min(best, await round());
      rounds++;
    } while (performance.now() - start < budgetMs && rounds < 50);
    source.destroy();
    target.destroy();
    const info = adapter.info;
    return { bytes, bytesPerS: (2 * bytes * COPIES_PER_ROUND) / (Math.max(best, 1e-3) / 1000), adapter: [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'WebGPU adapter', rounds };
  } finally {
    device.destroy();
  }
}
