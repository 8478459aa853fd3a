// The --json contract of `llm-lab`, held by main for every command in the table (and so for any
// command added later): stdout carries exactly one JSON object whatever happens, failures as
// {"error":{"type","message"}} with exit 1 (bad input) or 2 (bad usage), and messages name the file
// and what is wrong with it. Checked over every registered command, for commands that misbehave
// (a stand-in table), and spawned as a user runs it on a truncated file.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliCommand, CliIo } from '../../../src/cli/command.ts';
import { COMMANDS } from '../../../src/cli/commands/index.ts';
import { main } from '../../../src/cli/main.ts';

const folder = mkdtempSync(join(tmpdir(), 'llm-lab-json-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: folder }, out: () => out, err: () => err };
}

/** stdout must be one JSON object and nothing else; returns it. */
function oneObject(stdout: string): Record<string, any> {
  expect(stdout.endsWith('\n')).toBe(true);
  const parsed = JSON.parse(stdout);
  expect(parsed).toBeTypeOf('object');
  expect(Array.isArray(parsed)).toBe(false);
  return parsed;
}

async function jsonFailure(argv: string[], commands?: readonly CliCommand[]): Promise<{ code: number; error: { type: string; message: string } }> {
  const run = capture();
  const code = await main(argv, run.io, commands);
  const { error } = oneObject(run.out());
  expect(Object.keys(error).sort()).toEqual(['message', 'type']);
  expect(error.message.length).toBeGreaterThan(0);
  return { code, error };
}

// A truncated copy of the demo teacher, in transformers.js layout.
const TEACHER = join(process.cwd(), 'public/models/moby-llama-1m');
const cut = join(folder, 'cut-model');
cpSync(TEACHER, cut, { recursive: true });
writeFileSync(join(cut, 'onnx/model.onnx'), readFileSync(join(TEACHER, 'onnx/model.onnx')).subarray(0, 200_000));

describe('llm-lab --json: one JSON object on stdout, errors included', () => {
  it('every registered command offers --json', () => {
    expect(COMMANDS.length).toBeGreaterThan(2);
    for (const command of COMMANDS) expect(command.args.options['json']?.type, command.name).toBe('boolean');
  });

  for (const command of COMMANDS) {
    it(`${command.name}: usage errors are JSON with exit 2, a missing file is JSON with exit 1 or 2`, async () => {
      const unknown = await jsonFailure([command.name, '--json', '--no-such-option']);
      expect(unknown).toEqual({ code: 2, error: { type: 'UsageError', message: `llm-lab ${command.name}: unknown option '--no-such-option'` } });
      if (command.args.positionals.some((p) => p.required)) {
        const missing = await jsonFailure([command.name, '--json']);
        expect(missing.code).toBe(2);
        expect(missing.error.message).toMatch(/missing/);
      }
      const absent = await jsonFailure([command.name, 'nowhere.onnx', '--json']);
      expect([1, 2]).toContain(absent.code);
    });
  }

  it('unknown commands and a missing command are JSON usage errors', async () => {
    expect(await jsonFailure(['compres', '--json'])).toMatchObject({ code: 2, error: { type: 'UsageError', message: "llm-lab: unknown command 'compres'" } });
    expect((await jsonFailure(['--json'])).code).toBe(2);
  });

  it('a command that prints text, nothing or two objects under --json becomes an internal error, never stray text', async () => {
    const printing = (text: string): CliCommand => ({ name: 'odd', summary: 'test', args: { positionals: [], options: { json: { type: 'boolean', description: '' } } }, run: async (_, io) => io.stdout(text) });
    for (const text of ['plain text\n', '', '{"a":1}\n{"b":2}\n', '[1,2]\n']) {
      const failure = await jsonFailure(['odd', '--json'], [printing(text)]);
      expect(failure).toMatchObject({ code: 1, error: { type: 'InternalError' } });
    }
    const run = capture();
    expect(await main(['odd', '--json'], run.io, [printing('{"ok":true}')])).toBe(0);
    expect(run.out()).toBe('{"ok":true}\n');
    const thrown: CliCommand = { ...printing(''), run: async () => { throw new TypeError('boom'); } };
    expect(await jsonFailure(['odd', '--json'], [thrown])).toMatchObject({ code: 1, error: { type: 'InternalError', message: 'boom' } });
  });

  it('a command without --json says so as JSON', async () => {
    const plain: CliCommand = { name: 'plain', summary: 'test', args: { positionals: [], options: {} }, run: async (_, io) => io.stdout('text') };
    expect(await jsonFailure(['plain', '--json'], [plain])).toMatchObject({ code: 2, error: { message: 'llm-lab plain: this command has no --json output' } });
  });

  it('inspect, compress and eval on a truncated model name the model file and say it is truncated', async () => {
    const model = 'cut-model/onnx/model.onnx';
    const argvs = [
      ['inspect', model, '--json'],
      ['compress', model, '-o', 'out.onnx', '--quant', 'int8', '--json'],
      ['eval', 'cut-model', '--text', join(TEACHER, 'heldout.txt'), '--json'],
    ];
    for (const argv of argvs) {
      const { code, error } = await jsonFailure(argv);
      expect(code, argv[0]).toBe(1);
      expect(error.type).toBe('OnnxTruncatedError');
      expect(error.message).toMatch(/^cut-model\/onnx\/model\.onnx is truncated: expected \d+ more bytes at offset 200000/);
      expect(error.message).not.toMatch(/config/);
    }
  });

  it('spawned: inspect --json on a truncated file exits 1 with one parsable JSON line (stderr keeps its one line)', async () => {
    const result = await promisify(execFile)(process.execPath, ['bin/llm-lab.mjs', 'inspect', join(cut, 'onnx/model.onnx'), '--json'], { timeout: 30_000 }).then(
      (ok) => ({ code: 0, ...ok }),
      (failed: { code: number; stdout: string; stderr: string }) => failed,
    );
    expect(result.code).toBe(1);
    expect(oneObject(result.stdout).error.message).toMatch(/model\.onnx is truncated/);
    expect(result.stderr).toMatch(/^llm-lab: .*model\.onnx is truncated.*\n$/);
  });
});
