// Writes BENCHMARKS.md: how the figures are measured, then one table row per environment per run
// (date, machine, figures, ratios). Rows of earlier runs are kept between the markers, newest first.
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { MB, type BenchFigures } from './figures.ts';

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

const HEADER = `| Date | Machine | Environment | Params | Input MB | q4 MB/s | Copy MB/s | q4 / copy | End to end MB/s | Peak MB | Peak / input |
|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|`;

export function machine(): string {
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  // The load average says how busy the machine was: figures from a shared machine vary with it.
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}, load ${loadavg()[0]!.toFixed(1)}`;
}

const fixed = (value: number, digits: number) => value.toFixed(digits);

export function row(date: string, figures: BenchFigures): string {
  const peak = figures.peakBytes === null ? 'n/a' : fixed(figures.peakBytes / MB, 0);
  const peakRatio = figures.peakRatio === null ? 'n/a' : `${fixed(figures.peakRatio, 2)}x`;
  return `| ${date} | ${machine()} | ${figures.environment} | ${(figures.params / 1e6).toFixed(1)}M | ${fixed(figures.inputBytes / MB, 0)} | ${fixed(figures.quantizeMBps, 0)} | ${fixed(figures.copyMBps, 0)} | ${fixed(figures.ratio, 2)} | ${fixed(figures.endToEndMBps, 0)} | ${peak} | ${peakRatio} |`;
}

const INTRO = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts); each run adds its rows at the top of the table.

**What is measured.** q4 quantization (MatMulNBits, 4 bits, block_size 32, symmetric) of a synthetic
LLaMA model of ~100M parameters (bench/synthetic-model.ts: 12 layers, hidden 768, MLP 2048,
vocabulary 8192, random float32 weights, built in memory), through the real pipeline
(\`compressModel\`: decode the .onnx bytes, quantize every MatMul weight, encode the new model):

- **Node**: \`compressModel\` called directly, timed end to end.
- **Chromium**: the app's compress worker (src/workers/compress.worker.ts) in headless Chromium, timed
  in the page from the request to the result; the model bytes are transferred in and out.
- **Node, q4 kernel only**: the quantization kernel on one 100 MB weight, for comparison.

**q4 MB/s** counts the float32 bytes of the quantized weights (MB = 10^6 bytes) per second, from the
call until the quantize step reports its last tensor done (decoding and hashing the input included).
**End to end MB/s** counts the same bytes over the whole call, which also writes the output model and
measures its gzip size (fflate level 6; on whole outputs up to 64 MB, on 16 samples of 1 MB above).
**Copy MB/s** is a plain \`Float32Array.prototype.set\` of the same number of bytes, best of three, in the
same run and environment: the memory-bound ceiling. Target: q4 / copy >= 1/3.

**Peak memory** is measured above the idle process and includes the input model itself, the work
buffers and the output. Node: process RSS sampled every 5 ms from a worker thread, minus the RSS
before the model was built. Chromium: RSS of the renderer processes (the page and its workers) read
from /proc every 20 ms, minus their RSS after the page loaded (garbage collected first).
\`performance.memory\` only sees the page's JS heap and \`performance.measureUserAgentSpecificMemory()\`
gives no peak, so neither is used. Target: peak / input < 3.

**Reading the figures.** The kernel-only row is the quantization arithmetic alone (the SIMD wasm kernel).
The pipeline rows also pay, per tensor, for the report's reconstruction error (dequantize, then
float64 RMSE and SQNR over every weight), for hashing the input (SHA-256) and, end to end, for encoding
the output and measuring its gzip size; a CPU profile of the Node run (\`node --cpu-prof\`) puts most of
the pipeline's time there rather than in quantization. Timings on a shared 2-core machine vary between
runs by tens of percent; compare rows of the same run.
`;

/** Adds the rows for this run to BENCHMARKS.md (creating it), keeping earlier rows. */
export async function writeBenchmarks(path: string, rows: string[]): Promise<void> {
  const existing = await readFile(path, 'utf8').catch(() => '');
  const start = existing.indexOf(START);
  const end = existing.indexOf(END);
  const previous = start >= 0 && end > start ? existing.slice(start + START.length, end).split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Date')) : [];
  const body = [...rows, ...previous].join('\n');
  await writeFile(path, `${INTRO}\n${START}\n${HEADER}\n${body}\n${END}\n`);
}
