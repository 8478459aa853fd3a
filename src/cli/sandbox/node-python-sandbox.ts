// The Python sandbox for Node (CLI, evaluators, tests): each interpreter is a child process running
// ./python-child.mjs under Node's permission model, spoken to over the IPC channel. See
// docs/sandbox.md for what is isolated and how.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON_HARNESS } from '../../core/sandbox/harness.ts';
import { type HostEvent, RemoteInterpreter } from '../../core/sandbox/host-protocol.ts';
import type { PythonInterpreter } from '../../core/sandbox/interpreter.ts';
import { PooledPythonSandbox, type SandboxOptions } from '../../core/sandbox/pool.ts';
import type { PythonSandbox } from '../../core/sandbox/types.ts';

const CHILD_SCRIPT = fileURLToPath(new URL('./python-child.mjs', import.meta.url));
const HOST_RUNNER = fileURLToPath(new URL('../../core/sandbox/host-runner.mjs', import.meta.url));
const PYODIDE_DIR = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));

/** Node flags of the child: read Pyodide and its two scripts, nothing else; see docs/sandbox.md. */
export function childArguments(): string[] {
  return [
    '--experimental-permission',
    `--allow-fs-read=${PYODIDE_DIR}/`,
    `--allow-fs-read=${CHILD_SCRIPT}`,
    `--allow-fs-read=${HOST_RUNNER}`,
    '--disallow-code-generation-from-strings',
    '--no-addons',
    '--no-warnings',
    CHILD_SCRIPT,
    PYODIDE_DIR,
  ];
}

function spawnChildInterpreter(): PythonInterpreter {
  // An empty environment: nothing of the parent's (tokens, paths) is visible inside.
  const child = spawn(process.execPath, childArguments(), { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: {} });
  const interpreter = new RemoteInterpreter({
    send: (request) => child.send(request),
    terminate: () => child.kill('SIGKILL'),
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString()).slice(-2000)));
  child.on('message', (event: HostEvent) => interpreter.receive(event));
  child.on('error', (error) => interpreter.fail(error.message));
  child.on('exit', (code, signal) => {
    const lastLines = stderrTail.trim().split('\n').slice(-3).join(' ');
    interpreter.fail(`the interpreter process exited (${signal ?? `code ${code}`})${lastLines ? `: ${lastLines}` : ''}`);
  });
  child.send({ type: 'init', harness: PYTHON_HARNESS });
  return interpreter;
}

/** A sandbox whose interpreters are permission-restricted Node child processes. */
export function createNodePythonSandbox(options?: SandboxOptions): PythonSandbox & { warm(): Promise<void> } {
  return new PooledPythonSandbox(spawnChildInterpreter, options);
}
