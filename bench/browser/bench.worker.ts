// The bench page's own dedicated worker (never part of the app): measures, off the page's main
// thread as the compress worker runs, the plain-copy ceiling for a number of bytes and the q4
// kernel alone on one 100 MB weight, with the same code the Node half runs.
import { measureQ4Throughput } from '../../src/core/compress/kernels/throughput.ts';
import { copyThroughput } from '../figures.ts';

export type BenchWorkerRequest = { kind: 'copy'; bytes: number } | { kind: 'kernel' };
export type BenchWorkerReply =
  | { kind: 'copy'; bytesPerSecond: number; coldBytesPerSecond: number }
  | { kind: 'kernel'; weights: number; seconds: number; copyBytesPerSecond: number };

const now = (): number => performance.now();

self.onmessage = (event: MessageEvent<BenchWorkerRequest>) => {
  const request = event.data;
  if (request.kind === 'copy') {
    const copy = copyThroughput(request.bytes, now);
    self.postMessage({ kind: 'copy', bytesPerSecond: copy.warm, coldBytesPerSecond: copy.cold } satisfies BenchWorkerReply);
  } else {
    // The page runs Chromium with --js-flags=--expose-gc, which reaches workers too.
    const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
    const run = measureQ4Throughput(now, 25_000_000, 3, 'kn', gc);
    self.postMessage({ kind: 'kernel', weights: run.weights, seconds: run.quantizeSeconds, copyBytesPerSecond: run.copyBytesPerSecond } satisfies BenchWorkerReply);
  }
};
