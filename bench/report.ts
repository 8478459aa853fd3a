// Writes BENCHMARKS.md: how the figures are measured, then one table row per measure per
// environment per run (date, machine and its load, figures, ratios). Rows of earlier runs in the
// same format are kept between the results markers, newest first; the hand-written analysis between
// the notes markers is carried over as it is.
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { MB, type BenchRow, type Phases } from './figures.ts';

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';
const NOTES_START = '<!-- notes:start -->';
const NOTES_END = '<!-- notes:end -->';

const HEADER = `| Date | Machine | Environment | Measured | Weights MB | Seconds | q4 MB/s | Copy MB/s | q4 / copy | Cold copy MB/s | Peak MB | Peak / input |
|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|`;
const COLUMNS = 12;

export function machine(): string {
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  // The load average says how busy the machine was: figures from a shared machine vary with it.
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}, load ${loadavg()[0]!.toFixed(1)}`;
}

const fixed = (value: number, digits: number) => value.toFixed(digits);

/** "end to end (load 0.9 + stage 0.3 + write 1.2 s)" for the end-to-end row. */
export function measured(row: BenchRow, phases: Phases): string {
  if (row.measure !== 'end to end') return row.measure === 'stage' ? 'q4 quantize stage' : 'q4 kernel alone';
  return `end to end (load ${fixed(phases.load, 2)} + stage ${fixed(phases.stage, 2)} + write ${fixed(phases.write, 2)} s)`;
}

export function row(date: string, machineText: string, figures: BenchRow, phases: Phases): string {
  const peak = figures.peakBytes === null ? 'n/a' : fixed(figures.peakBytes / MB, 0);
  const peakRatio = figures.peakRatio === null ? 'n/a' : `${fixed(figures.peakRatio, 2)}x`;
  const cold = figures.coldCopyMBps === null ? 'n/a' : fixed(figures.coldCopyMBps, 0);
  return `| ${date} | ${machineText} | ${figures.environment} | ${measured(figures, phases)} | ${fixed(figures.weightBytes / MB, 0)} | ${fixed(figures.seconds, 3)} | ${fixed(figures.mbps, 0)} | ${fixed(figures.copyMBps, 0)} | ${fixed(figures.ratio, 2)} | ${cold} | ${peak} | ${peakRatio} |`;
}

const INTRO = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts); each run adds its rows at the top of the table.

**What is measured.** q4 quantization (MatMulNBits, 4 bits, block_size 32, symmetric) of a synthetic
LLaMA model of ~100M parameters (bench/synthetic-model.ts: 12 layers, hidden 768, MLP 2048,
vocabulary 8192, random float32 weights, built in memory), in two environments:

- **Node**: \`compressModel\` called directly on the main thread.
- **Chromium** (headless): the app's compress worker (src/workers/compress.worker.ts), driven from a
  bench page; the model bytes are transferred in and out. The kernel row and the copy ceiling run in
  the page's own dedicated worker (bench/browser/bench.worker.ts).

Each environment first compresses a one-layer model, so no figure includes module loading or JIT and
wasm compilation. Three figures per environment:

- **q4 quantize stage**: from the quantize step's first progress event to the one saying all its
  tensors are done: every MatMul weight quantized, the graph rewritten, the per-tensor report
  (RMSE, max error, SQNR) computed. This is the quantization throughput the target applies to.
- **end to end**: the whole call (Chromium: from the request to the result): validate, SHA-256 of
  the input and decode ("load"), the stage, then provenance, encoding the output and its gzip size
  ("write"; fflate level 6, whole up to 8 MB, estimated from 128 evenly spaced 8 KB samples above).
- **q4 kernel alone**: \`quantizeMatMulNBits\` on one [12192, 2048] float32 weight (100 MB), best of
  three: the WebAssembly SIMD kernel with its fused error sums, the same code the stage runs.

**MB/s** counts the float32 bytes of the quantized weights (MB = 10^6 bytes) per second. **Copy MB/s**
is a plain \`Float32Array.prototype.set\` of the same number of bytes, best of three, in the same run
and environment: the memory-bound ceiling. Target: stage / copy >= 1/3. **Cold copy MB/s** is the
first of those three copies, into the freshly allocated target: it pays the page faults of memory
touched for the first time, as every output the pipeline writes does (the best-of-three copy does not).

**Peak memory** (end-to-end rows) is measured above the idle process and includes the input model
itself, the work buffers and the output. Node: process RSS sampled every 5 ms from a worker thread,
minus the RSS before the model was built. Chromium: RSS of the renderer processes (the page and its
workers) read from /proc every 20 ms, minus their RSS after the page loaded (garbage collected
first). \`performance.memory\` only sees the page's JS heap and
\`performance.measureUserAgentSpecificMemory()\` gives no peak, so neither is used. Target: peak / input < 3.

Timings on a shared 2-core machine vary between runs by tens of percent (the machine column gives
the load average); compare rows of the same run.
`;

/** The hand-written analysis kept between runs (empty when the file has none yet). */
function notes(existing: string): string {
  const start = existing.indexOf(NOTES_START);
  const end = existing.indexOf(NOTES_END);
  return start >= 0 && end > start ? existing.slice(start, end + NOTES_END.length) : `${NOTES_START}\n${NOTES_END}`;
}

/** Adds the rows for this run to BENCHMARKS.md (creating it), keeping earlier rows of the same format. */
export async function writeBenchmarks(path: string, rows: string[]): Promise<void> {
  const existing = await readFile(path, 'utf8').catch(() => '');
  const start = existing.indexOf(START);
  const end = existing.indexOf(END);
  const previous = start >= 0 && end > start
    ? existing.slice(start + START.length, end).split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Date') && line.split(' | ').length === COLUMNS)
    : [];
  const body = [...rows, ...previous].join('\n');
  await writeFile(path, `${INTRO}\n${START}\n${HEADER}\n${body}\n${END}\n\n${notes(existing)}\n`);
}
