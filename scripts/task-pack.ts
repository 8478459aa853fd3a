// `npm run task-pack`: rebuilds the task model from nothing, one step after the other:
//   1. make-pack.ts   the task pack of seed 1 (world, docs, templates, items, corpus) in .cache/task-pack
//   2. prepare.ts     tokenizer + binary training data in .cache/task-model/data
//   3. train.py       PyTorch CPU training, resumable (.cache/task-model/checkpoint.pt), exports weights
//   4. export.ts      ONNX + transformers.js folder in public/models/<name>/
//   5. evaluate.ts    `llm-lab tasks eval` on the test split
//   6. manifest.ts    manifest.json and the index.json entry
// Environment: TASK_MODEL_MINUTES (training time budget, default 62), TASK_MODEL_STEPS (a step-count
// schedule instead, bit-reproducible), TASK_MODEL_EVAL_PER_TASK (test items per task, default all),
// PYTHON (default python3; needs torch and numpy: see docs/task-pack.md).
import { spawnSync } from 'node:child_process';

function step(command: string, args: string[]): void {
  console.log(`[task-pack] ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
}

const ts = (file: string, ...args: string[]): void => step(process.execPath, ['bin/run-ts.mjs', `scripts/task-model/${file}`, ...args]);
const schedule = process.env.TASK_MODEL_STEPS ? ['--steps', process.env.TASK_MODEL_STEPS] : ['--minutes', process.env.TASK_MODEL_MINUTES ?? '62'];

ts('make-pack.ts');
ts('prepare.ts');
step(process.env.PYTHON ?? 'python3', ['scripts/task-model/train.py', ...schedule]);
ts('export.ts');
ts('evaluate.ts', '--per-task', process.env.TASK_MODEL_EVAL_PER_TASK ?? '0');
ts('manifest.ts');
