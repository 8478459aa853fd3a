// CPU microbenchmarks for the roofline, pure JS so the same code runs in a browser worker and in
// Node: memory copy bandwidth (TypedArray.set is a memcpy in V8 and SpiderMonkey) and float32 matrix
// multiply throughput (i-k-j loop order, row-major: a lower bound of what SIMD kernels reach).
// Each runs repeated rounds until a time budget is spent and reports the best round.

export interface CopyBandwidth {
  bytes: number;
  /** Bytes read plus bytes written per second: a copy moves the buffer twice. */
  bytesPerS: number;
  rounds: number;
}

export interface MatmulThroughput {
  n: number;
  flopsPerS: number;
  rounds: number;
}

/** Best-of-rounds copy of `bytes` between two buffers, within `budgetMs`. `now` is performance.now. */
export function measureCopyBandwidth(now: () => number, bytes: number, budgetMs = 400): CopyBandwidth {
  const length = Math.max(1024, Math.floor(bytes / 8)) * 8;
  const source = new Float64Array(length / 8).fill(1.5);
  const target = new Float64Array(length / 8);
  target.set(source); // touch the target once: page faults are not bandwidth
  let best = Number.POSITIVE_INFINITY;
  let rounds = 0;
  const start = now();
  do {
    const t0 = now();
    target.set(source);
    best = Math.min(best, now() - t0);
    rounds++;
  } while (now() - start < budgetMs && rounds < 10_000);
  return { bytes: length, bytesPerS: (2 * length) / (Math.max(best, 1e-3) / 1000), rounds };
}

function multiply(a: Float32Array, b: Float32Array, c: Float32Array, n: number): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[row + k]!;
      const bRow = k * n;
      for (let j = 0; j < n; j++) c[row + j]! += aik * b[bRow + j]!;
    }
  }
}

/** Best-of-rounds n x n float32 matmul (2 n^3 FLOPs), within `budgetMs`. */
export function measureMatmul(now: () => number, n = 192, budgetMs = 400): MatmulThroughput {
  const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 13) / 13 - 0.5);
  const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 104729) % 17) / 17 - 0.5);
  const c = new Float32Array(n * n);
  let best = Number.POSITIVE_INFINITY;
  let rounds = 0;
  const start = now();
  do {
    const t0 = now();
    multiply(a, b, c, n);
    best = Math.min(best, now() - t0);
    rounds++;
  } while (now() - start < budgetMs && rounds < 1000);
  return { n, flopsPerS: (2 * n * n * n) / (Math.max(best, 1e-3) / 1000), rounds };
}
