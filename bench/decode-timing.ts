// Decode tok/s of the demo teacher on wasm in Node, two timing windows measured in the same run and
// interleaved (so machine load hits both alike):
//   before - the old window: wall clock from the first to the last streamed token, with top-64
//            log-prob recording and re-decoding of the growing text inside it (topLogProbs: 64);
//   after  - the engine's reported decode tok/s with nothing recorded (metrics/timing.ts: forward
//            passes and sampling only; detokenizing and callbacks excluded).
// Usage: node bin/run-ts.mjs bench/decode-timing.ts [repeats=5] [tokens=64]
import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { OnnxEngine } from '../src/core/engines/onnx/engine.ts';

const repeats = Number(process.argv[2] ?? 5);
const tokens = Number(process.argv[3] ?? 64);
const PROMPT = 'Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse,';

async function readFileUrl(url: string): Promise<Response> {
  try {
    const bytes = await readFile(new URL(url));
    return new Response(bytes, { headers: { 'content-length': String(bytes.byteLength) } });
  } catch {
    return new Response(null, { status: 404 });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

setFlagsFromString('--liftoff-only');
const engine = new OnnxEngine({ fetch: readFileUrl, endpoints: { demoPackUrl: pathToFileURL(`${process.cwd()}/public/models/`).href } });
await engine.load({ model: { source: 'demo-pack', modelId: 'moby-llama-1m', dtype: 'fp32' }, device: 'wasm' });
const options = { maxNewTokens: tokens, ignoreEos: true };
await engine.generate(PROMPT, options); // warm-up
const before: number[] = [];
const after: number[] = [];
for (let i = 0; i < repeats; i++) {
  const stamps: number[] = [];
  const recorded = await engine.generate(PROMPT, { ...options, topLogProbs: 64 }, () => stamps.push(performance.now()));
  before.push(((recorded.tokenCount - 1) * 1000) / (stamps.at(-1)! - stamps[0]!));
  after.push((await engine.generate(PROMPT, options)).decodeTokensPerS);
}
await engine.unload();
const fmt = (values: number[]) => `median ${median(values).toFixed(1)} tok/s (runs: ${values.map((v) => v.toFixed(0)).join(', ')})`;
console.log(`demo teacher moby-llama-1m, wasm, 1 thread, ${tokens} new tokens, ${repeats} interleaved repeats`);
console.log(`before (recording + detokenizing inside the window): ${fmt(before)}`);
console.log(`after  (forward passes and sampling only):           ${fmt(after)}`);
