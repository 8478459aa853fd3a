// `llm-lab python --code '…' [--timeout-ms N] [--max-output-bytes N] [--json]`: runs a Python
// program in the sandbox (Pyodide in a permission-restricted child process; see docs/sandbox.md).
// Text mode echoes the program's stdout/stderr, then the last expression's value, and exits 1 when
// the program failed; --json prints the PythonRunResult and exits 0 whenever the sandbox ran.
import { InvalidArgumentError } from '../../core/errors.ts';
import { SandboxError } from '../../core/sandbox/errors.ts';
import type { PythonRunResult } from '../../core/sandbox/types.ts';
import { UsageError } from '../args.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { createNodePythonSandbox } from '../sandbox/node-python-sandbox.ts';

function optionalInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError(`--${name} must be a positive integer, got '${value}'.`);
  return parsed;
}

function printText(outcome: PythonRunResult, io: CliIo): void {
  if (outcome.stdout) io.stdout(outcome.stdout.endsWith('\n') ? outcome.stdout : `${outcome.stdout}\n`);
  if (outcome.stderr) io.stderr(outcome.stderr.endsWith('\n') ? outcome.stderr : `${outcome.stderr}\n`);
  if (outcome.result !== null) io.stdout(`${outcome.result}\n`);
  if (outcome.truncated) io.stderr('[output cut at the size limit; raise --max-output-bytes to see more]\n');
  if (outcome.error) {
    io.stderr(`${outcome.error.message}\n`);
    throw new SandboxError(`the program ended with a ${outcome.error.type} error after ${outcome.ms} ms`);
  }
}

export const pythonCommand: CliCommand = {
  name: 'python',
  summary: 'run a Python program in the sandbox (Pyodide: no network, no host files, no processes)',
  args: {
    positionals: [],
    options: {
      code: { type: 'string', valueName: 'source', description: 'the Python program to run' },
      'timeout-ms': { type: 'string', valueName: 'ms', description: 'wall-clock limit (default 5000); the interpreter is killed past it' },
      'max-output-bytes': { type: 'string', valueName: 'bytes', description: 'keep at most this much of stdout and of stderr (default 1048576)' },
      json: { type: 'boolean', description: 'print { stdout, stderr, result, error, ms, truncated } as JSON' },
    },
  },
  async run(args, io) {
    const code = args.string('code');
    if (code === undefined) throw new UsageError('--code is required');
    const timeoutMs = optionalInteger(args.string('timeout-ms'), 'timeout-ms');
    const maxOutputBytes = optionalInteger(args.string('max-output-bytes'), 'max-output-bytes');
    // One run: no spare interpreter worth loading.
    const sandbox = createNodePythonSandbox({ warmSpare: false });
    try {
      const outcome = await sandbox.run({ code, timeoutMs, maxOutputBytes });
      if (args.flag('json')) io.stdout(JSON.stringify(outcome, null, 2) + '\n');
      else printText(outcome, io);
    } finally {
      await sandbox.close();
    }
  },
};
