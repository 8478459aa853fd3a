// Seeded mutational fuzzer over the lab's input parsers (ONNX inspect and compress, config.json,
// tokenizer.json, recipes, results import). Usage:
//   node bin/run-ts.mjs scripts/fuzz/run.ts [--seed N] [--scale S] [--workers W] [--timeout MS]
//   node bin/run-ts.mjs scripts/fuzz/run.ts --suite 'config.json' --case 17   (replay one case here)
// Cases run in worker threads; a case running past --timeout is a hang (its worker is stopped and
// a new one goes on with the next case). Exit code 1 on any crash or hang, or when a full-scale run
// has fewer than 10,000 ONNX cases. The report goes to test-results/fuzz-report.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { allSuites, caseRandom } from './cases.ts';
import { FuzzTally } from './report.ts';
import type { CaseRange, WorkerEvent } from './worker.ts';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '20261206' },
    scale: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
    timeout: { type: 'string', default: '10000' },
    suite: { type: 'string' },
    case: { type: 'string' },
    report: { type: 'string', default: 'test-results/fuzz-report.json' },
  },
});
const seed = Number(args.seed);
const scale = Number(args.scale);
const timeoutMs = Number(args.timeout);
const CHUNK = 200;

async function replay(suiteName: string, index: number): Promise<void> {
  const suite = allSuites(scale).find((s) => s.name === suiteName);
  if (!suite) throw new Error(`No suite '${suiteName}'; suites: ${allSuites(scale).map((s) => s.name).join(', ')}`);
  const stage = { mutation: '', target: 'mutate', outcomes: [] as string[] };
  try {
    await (await suite.prepare())(caseRandom(seed, suiteName, index), stage);
  } finally {
    console.log(stage);
  }
}

/** Runs every case on `workers` threads; resolves when the queue is empty and every worker idle. */
function runAll(tally: FuzzTally, workers: number): Promise<void> {
  const queue: CaseRange[] = allSuites(scale).flatMap((suite) =>
    Array.from({ length: Math.ceil(suite.cases / CHUNK) }, (_, i) => ({ suite: suite.name, from: i * CHUNK, to: Math.min(suite.cases, (i + 1) * CHUNK) })));
  return new Promise((resolve) => {
    let live = 0;
    const start = (): void => {
      live++;
      const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { seed, scale }, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
      let range: CaseRange | undefined;
      let current: { suite: string; index: number; since: number } | undefined;
      let ended = false;
      // The next range starts after the lost case; the worker is replaced.
      const lose = (kind: 'hang' | 'crash', detail: string): void => {
        if (ended) return;
        ended = true;
        clearInterval(watchdog);
        if (current && range) {
          tally.lost(kind, current.suite, current.index, detail);
          if (current.index + 1 < range.to) queue.unshift({ suite: range.suite, from: current.index + 1, to: range.to });
        }
        void worker.terminate();
        live--;
        start();
      };
      const watchdog = setInterval(() => {
        if (current && performance.now() - current.since > timeoutMs) lose('hang', `ran longer than ${timeoutMs} ms`);
      }, 100);
      worker.on('message', (event: WorkerEvent) => {
        if (event.type === 'start') current = { suite: event.suite, index: event.index, since: performance.now() };
        else if (event.type === 'done') { tally.add(event); current = undefined; }
        else if (queue.length) worker.postMessage((range = queue.shift()!));
        else {
          ended = true;
          clearInterval(watchdog);
          void worker.terminate();
          if (--live === 0) resolve();
        }
      });
      worker.on('error', (error) => lose('crash', `worker died: ${error.message}`));
      worker.on('exit', (code) => { if (!ended) lose('crash', `worker exited with code ${code}`); });
    };
    for (let i = 0; i < workers; i++) start();
  });
}

async function main(): Promise<void> {
  if (args.suite !== undefined && args.case !== undefined) return replay(args.suite, Number(args.case));
  const started = performance.now();
  const tally = new FuzzTally();
  await runAll(tally, Number(args.workers));
  const wallS = (performance.now() - started) / 1000;
  const report = tally.report({ seed, scale, timeoutMs, workers: Number(args.workers), wallSeconds: Math.round(wallS * 10) / 10, node: process.version });
  mkdirSync(dirname(args.report!), { recursive: true });
  writeFileSync(args.report!, JSON.stringify(report, null, 2) + '\n');
  const slow = tally.slowest;
  console.log(`fuzz: ${tally.total.toLocaleString('en')} cases (${tally.onnxCases().toLocaleString('en')} ONNX) in ${wallS.toFixed(1)} s, seed ${seed}: ` +
    `${tally.crashes.length} crashes, ${tally.hangs.length} hangs, ${Object.keys(tally.errorsByType).length} error types; ` +
    `slowest ${slow.ms} ms (${slow.suite} #${slow.index}, ${slow.mutation}); report ${args.report}`);
  for (const failure of [...tally.crashes, ...tally.hangs].slice(0, 20)) {
    console.log(`  ${failure.suite} --case ${failure.index} (${failure.mutation}) ${failure.target ?? ''}: ${failure.error}\n${failure.stack ?? ''}`);
  }
  const tooFew = scale >= 1 && tally.onnxCases() < 10_000;
  if (tooFew) console.log(`  only ${tally.onnxCases()} ONNX cases ran; at least 10,000 are required`);
  if (tally.crashes.length || tally.hangs.length || tooFew) process.exitCode = 1;
}

await main();
