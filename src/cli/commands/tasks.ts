// `llm-lab tasks make --seed S --out DIR [--train-scale F] [--no-train]`: writes the task pack
// (docs/task-pack.md) — same seed, same bytes. `llm-lab tasks eval --model DIR --task T --items FILE
// [--limit N] [--json]`: exact-match evaluation of a model on pack items (tasks-eval.ts).
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { makePack } from '../../core/tasks/pack.ts';
import { UsageError, type ParsedArgs } from '../args.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { runTasksEval } from './tasks-eval.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function seedOf(args: ParsedArgs): number {
  const raw = args.string('seed');
  if (raw === undefined) throw new UsageError('missing --seed <S>');
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed must be an integer in [0, 4294967295], got '${raw}'`);
  return seed;
}

function scaleOf(args: ParsedArgs): number {
  const raw = args.string('train-scale');
  if (raw === undefined) return 1;
  const scale = Number(raw);
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 100)) throw new UsageError(`--train-scale must be a number in (0, 100], got '${raw}'`);
  return scale;
}

async function make(args: ParsedArgs, io: CliIo): Promise<void> {
  const out = args.string('out');
  if (!out) throw new UsageError('missing --out <dir>');
  const options = { seed: seedOf(args), trainScale: scaleOf(args), includeTrain: !args.flag('no-train') };
  const root = resolve(io.cwd, out);
  const files = makePack(options, sha256);
  for (const [path, text] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  const manifest = JSON.parse(files.get('manifest.json')!) as { counts: Record<string, Record<string, number>>; bytes: number };
  if (args.flag('json')) {
    io.stdout(`${JSON.stringify({ out: root, seed: options.seed, files: files.size, bytes: manifest.bytes, counts: manifest.counts }, null, 2)}\n`);
    return;
  }
  const counts = Object.entries(manifest.counts).map(([task, n]) => `${task} ${n.train}/${n.validation}/${n.test}`).join(', ');
  io.stdout(`wrote ${files.size} files (${manifest.bytes} bytes) to ${root}\nitems train/validation/test: ${counts}\n`);
}

export const tasksCommand: CliCommand = {
  name: 'tasks',
  summary: 'make the task pack (seeded fictional world, items, templates) or evaluate a model on its items',
  args: {
    positionals: [{ name: 'action', description: 'make | eval', required: true }],
    options: {
      seed: { type: 'string', valueName: 'S', description: 'make: the pack seed (integer)' },
      out: { type: 'string', valueName: 'dir', description: 'make: output folder' },
      'train-scale': { type: 'string', valueName: 'F', description: 'make: multiply the train split counts by F (default 1)' },
      'no-train': { type: 'boolean', description: 'make: leave items/train.jsonl out (the manifest still counts it)' },
      model: { type: 'string', valueName: 'dir', description: 'eval: model folder (transformers.js layout)' },
      task: { type: 'string', valueName: 'task', description: 'eval: closed | reading | direct | pal | react | copy' },
      items: { type: 'string', valueName: 'jsonl', description: 'eval: items file (items of other tasks are skipped)' },
      world: { type: 'string', valueName: 'file', description: 'eval (react): world.json for the oracle search (default: beside the items folder)' },
      limit: { type: 'string', valueName: 'N', description: 'eval: evaluate the first N items only' },
      json: { type: 'boolean', description: 'print one JSON object' },
    },
  },
  async run(args, io) {
    const action = args.positional(0);
    if (action === 'make') return make(args, io);
    if (action === 'eval') return runTasksEval(args, io);
    throw new UsageError(`unknown action '${action}': use make or eval`);
  },
};
