// The shared argument parser and the dispatcher, run in-process (the spawned CLI is tested in
// inspect-cli.test.ts): what is accepted, what is bad usage, and which exit code each gets.
import { describe, expect, it } from 'vitest';
import { formatUsage, parseArgs, UsageError, type ArgsSpec } from '../../../src/cli/args.ts';
import type { CliIo } from '../../../src/cli/command.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main } from '../../../src/cli/main.ts';

const spec: ArgsSpec = {
  positionals: [
    { name: 'model.onnx', description: 'model', required: true },
    { name: 'out', description: 'output', required: false },
  ],
  options: {
    json: { type: 'boolean', description: 'json' },
    bits: { type: 'string', short: 'b', valueName: 'n', description: 'bits' },
  },
};

describe('parseArgs', () => {
  it('accepts flags, --key value, --key=value, short aliases and -- anywhere', () => {
    const args = parseArgs(['m.onnx', '--json', '-b', '4', '--', '--odd-name'], spec);
    expect(args.positionals).toEqual(['m.onnx', '--odd-name']);
    expect(args.flag('json')).toBe(true);
    expect(args.string('bits')).toBe('4');
    expect(parseArgs(['--bits=8', 'm.onnx'], spec).string('bits')).toBe('8');
    expect(parseArgs(['m.onnx'], spec).flag('json')).toBe(false);
  });

  it.each([
    [[], /missing <model.onnx>/],
    [['a', 'b', 'c'], /unexpected argument 'c'/],
    [['a', '--nope'], /unknown option '--nope'/],
    [['a', '--bits'], /'--bits' needs a value/],
    [['a', '--json=yes'], /'--json' takes no value/],
  ])('%j is bad usage', (argv, message) => {
    expect(() => parseArgs(argv, spec)).toThrow(UsageError);
    expect(() => parseArgs(argv, spec)).toThrow(message);
  });

  it('formats a usage line from the spec', () => {
    expect(formatUsage('llm-lab x', spec)).toBe('llm-lab x <model.onnx> [out] [--json] [--bits <n>]');
  });
});

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (text) => (out += text), stderr: (text) => (err += text), cwd: process.cwd() }, out: () => out, err: () => err };
}

describe('main dispatch', () => {
  it('no command: usage on stderr, exit 2; --help: exit 0', async () => {
    const none = capture();
    expect(await main([], none.io)).toBe(EXIT_USAGE);
    expect(none.err()).toMatch(/^usage: llm-lab <command>/);
    const help = capture();
    expect(await main(['--help'], help.io)).toBe(EXIT_OK);
    expect(help.out()).toMatch(/inspect +show the inputs/);
  });

  it('unknown command: exit 2 listing the commands', async () => {
    const run = capture();
    expect(await main(['compres'], run.io)).toBe(EXIT_USAGE);
    expect(run.err()).toMatch(/unknown command 'compres'[\s\S]*inspect/);
  });

  it('a missing file is a one-line failure with exit 1', async () => {
    const run = capture();
    expect(await main(['inspect', 'does-not-exist.onnx'], run.io)).toBe(EXIT_FAILURE);
    expect(run.err()).toBe('llm-lab: Cannot read does-not-exist.onnx: no such file.\n');
  });
});
