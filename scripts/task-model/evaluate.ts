// Step 5 of `npm run task-pack`: measures the exported model on the pack's TEST split with the
// project's own evaluator (`llm-lab tasks eval`: onnxruntime, greedy, stop strings, the pack's
// normaliser; PAL and ReAct run Python in the Node sandbox, ReAct with oracle tools). With --per-task N
// (or task=N,task=N) a task is cut to N items, taken from every tag group in proportion, so the
// v2-changed, v2-only, absent and gold-v2 rates are still measured. Writes OUT/<task>.json (with records).
//   node bin/run-ts.mjs scripts/task-model/evaluate.ts [--model DIR] [--pack DIR] [--out DIR] [--per-task N|t=N,..] [--tasks a,b]
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { CACHE_DIR, MODEL_NAME, PACK_DIR } from './config.ts';

export const EVAL_TASKS = ['closed', 'reading', 'direct', 'pal', 'react', 'copy'] as const;

interface Item {
  task: string;
  tags: string[];
}

/** Up to `limit` items of `task`, each tag group contributing its share (at least one item), in file order. */
export function stratified<T extends Item>(items: readonly T[], task: string, limit: number): T[] {
  const ofTask = items.filter((item) => item.task === task);
  if (ofTask.length <= limit) return ofTask;
  const groups = new Map<string, T[]>();
  for (const item of ofTask) {
    const key = [...item.tags].sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const picked = new Set<T>();
  for (const members of groups.values()) {
    const quota = Math.max(1, Math.round((members.length * limit) / ofTask.length));
    const stride = members.length / quota;
    for (let k = 0; k < quota; k++) picked.add(members[Math.floor(k * stride)]!);
  }
  return ofTask.filter((item) => picked.has(item));
}

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: `public/models/${MODEL_NAME}` },
    pack: { type: 'string', default: PACK_DIR },
    out: { type: 'string', default: `${CACHE_DIR}/eval` },
    'per-task': { type: 'string', default: '0' },
    tasks: { type: 'string', default: EVAL_TASKS.join(',') },
  },
});
const run = promisify(execFile);
// --per-task N (every task) or task=N,task=N (0 = all items of that task).
const limits = new Map(values['per-task']!.split(',').map((part) => (part.includes('=') ? part.split('=') : ['*', part]) as [string, string]));
const limitOf = (task: string): number => Number(limits.get(task) ?? limits.get('*') ?? 0);
const lines = (await readFile(join(values.pack!, 'items', 'test.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
const items = lines.map((line) => ({ line, ...(JSON.parse(line) as Item) }));
await mkdir(values.out!, { recursive: true });
for (const task of values.tasks!.split(',')) {
  const chosen = limitOf(task) > 0 ? stratified(items, task, limitOf(task)) : items.filter((item) => item.task === task);
  const itemsFile = join(values.out!, `items-${task}.jsonl`);
  await writeFile(itemsFile, chosen.map((item) => `${item.line}\n`).join(''));
  const started = performance.now();
  const args = ['bin/llm-lab.mjs', 'tasks', 'eval', '--model', values.model!, '--task', task, '--items', itemsFile, '--world', join(values.pack!, 'world.json'), '--json'];
  const { stdout } = await run(process.execPath, args, { maxBuffer: 256 * 1024 * 1024 });
  const summary = JSON.parse(stdout) as { accuracy: number; items: number; rates: Record<string, { value: number }> };
  const seconds = (performance.now() - started) / 1000;
  await writeFile(join(values.out!, `${task}.json`), JSON.stringify({ ...summary, seconds, itemsFile: `test.jsonl (${chosen.length} of ${items.filter((i) => i.task === task).length} ${task} items)` }, null, 1));
  const rates = Object.entries(summary.rates).map(([name, r]) => `${name} ${(r.value * 100).toFixed(1)}%`).join(', ');
  console.log(`${task}: ${(summary.accuracy * 100).toFixed(1)}% of ${summary.items} (${seconds.toFixed(0)}s)${rates ? `; ${rates}` : ''}`);
}
