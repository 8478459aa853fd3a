// `llm-lab tasks eval --model DIR --task closed|reading|direct|pal|react|copy --items FILE [--limit N]
// [--world FILE] [--json]`: greedy, stop-string generation through the ONNX engine the browser runs,
// exact match with the pack's normaliser, per-item records and the per-tag rates. PAL and ReAct run
// Python in the Node sandbox (a child process under Node's permission model); ReAct's other tools are
// oracles over the items' documents and the pack's world.json (found beside items/ unless --world).
import { readFile, stat } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from '../../core/errors.ts';
import { evaluateAnswers, type EvalHooks } from '../../core/tasks/eval/answer-eval.ts';
import { engineGenerator } from '../../core/tasks/eval/generator.ts';
import { oracleTools } from '../../core/tasks/eval/oracle-tools.ts';
import { evaluatePal } from '../../core/tasks/eval/pal-eval.ts';
import { evaluateReact } from '../../core/tasks/eval/react-eval.ts';
import type { EvalSummary } from '../../core/tasks/eval/records.ts';
import type { ReactItem, TaskItem } from '../../core/tasks/items.ts';
import { TASK_NAMES, type TaskName } from '../../core/tasks/templates.ts';
import type { World } from '../../core/tasks/world.ts';
import { UsageError, type ParsedArgs } from '../args.ts';
import type { CliIo } from '../command.ts';
import { formatPercent, renderTable } from '../format.ts';
import { createNodePythonSandbox } from '../sandbox/node-python-sandbox.ts';
import { engineFor, locateModel } from './eval.ts';

export async function readItems(path: string, task: TaskName, limit: number | undefined): Promise<TaskItem[]> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new InvalidArgumentError(`Cannot read the items file ${path}.`);
  });
  const items: TaskItem[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let item: TaskItem;
    try {
      item = JSON.parse(line) as TaskItem;
    } catch {
      throw new InvalidArgumentError(`${path} line ${index + 1} is not JSON.`);
    }
    if (typeof item.prompt !== 'string' || typeof item.answer !== 'string' || !Array.isArray(item.tags)) throw new InvalidArgumentError(`${path} line ${index + 1} lacks prompt, answer or tags (see docs/task-pack.md).`);
    if (item.task === task) items.push(item);
    if (limit !== undefined && items.length >= limit) break;
  }
  if (items.length === 0) throw new InvalidArgumentError(`${path} has no ${task} items.`);
  return items;
}

async function readWorld(args: ParsedArgs, itemsPath: string, cwd: string): Promise<World | null> {
  const given = args.string('world');
  const path = given ? resolve(cwd, given) : join(dirname(dirname(itemsPath)), 'world.json');
  if (!(await stat(path).then((s) => s.isFile(), () => false))) {
    if (given) throw new InvalidArgumentError(`Cannot read the world file ${given}.`);
    return null;
  }
  return JSON.parse(await readFile(path, 'utf8')) as World;
}

function taskOf(args: ParsedArgs): TaskName {
  const task = args.string('task');
  if (!task) throw new UsageError('missing --task <task>');
  if (!(TASK_NAMES as readonly string[]).includes(task)) throw new UsageError(`--task must be one of ${TASK_NAMES.join(', ')}, got '${task}'`);
  return task as TaskName;
}

function limitOf(args: ParsedArgs): number | undefined {
  const raw = args.string('limit');
  if (raw === undefined) return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer, got '${raw}'`);
  return limit;
}

export function renderSummary(summary: EvalSummary): string {
  const lines = [`${summary.task}: ${summary.correct}/${summary.items} correct (${formatPercent(summary.accuracy)})`];
  const rates = Object.entries(summary.rates).map(([name, r]) => [name, name.startsWith('mean') || name.endsWith('per-item') ? r.value.toFixed(2) : formatPercent(r.value), String(r.of)]);
  if (rates.length > 0) lines.push('', ...renderTable(['rate', 'value', 'of items'], rates, ['left', 'right', 'right']));
  const tags = Object.entries(summary.byTag).map(([tag, t]) => [tag, String(t.items), formatPercent(t.accuracy)]);
  lines.push('', ...renderTable(['tag', 'items', 'accuracy'], tags, ['left', 'right', 'right']));
  const outcomes = Object.entries(summary.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
  lines.push('', `outcomes: ${outcomes}`);
  return lines.join('\n') + '\n';
}

export async function runTasksEval(args: ParsedArgs, io: CliIo): Promise<void> {
  const task = taskOf(args);
  const modelPath = args.string('model');
  const itemsPath = args.string('items');
  if (!modelPath) throw new UsageError('missing --model <dir>');
  if (!itemsPath) throw new UsageError('missing --items <jsonl>');
  const items = await readItems(resolve(io.cwd, itemsPath), task, limitOf(args));
  const world = task === 'react' ? await readWorld(args, resolve(io.cwd, itemsPath), io.cwd) : null;
  const model = await locateModel(modelPath, io.cwd);
  setFlagsFromString('--liftoff-only'); // see eval.ts: lets the process end without a long wasm compile
  const { engine, spec } = engineFor(model);
  await engine.load(spec);
  const sandbox = task === 'pal' || task === 'react' ? createNodePythonSandbox() : null;
  const hooks: EvalHooks = { onRecord: (r, done, total) => { if (!args.flag('json')) io.stderr(`\r${done}/${total} ${r.correct ? 'ok ' : 'bad'}`); } };
  try {
    const generator = engineGenerator(engine);
    const summary = task === 'pal' ? await evaluatePal(items, generator, sandbox!, hooks)
      : task === 'react' ? await evaluateReact(items as ReactItem[], generator, (item) => oracleTools(item.documents, world, sandbox!), hooks)
        : await evaluateAnswers(items, generator, hooks);
    if (!args.flag('json')) io.stderr('\n');
    io.stdout(args.flag('json') ? `${JSON.stringify({ model: modelPath, itemsFile: itemsPath, decoding: 'greedy', ...summary }, null, 2)}\n` : renderSummary(summary));
  } finally {
    await sandbox?.close();
    await engine.unload();
  }
}
