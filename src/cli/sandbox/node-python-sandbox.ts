// The Python sandbox for Node (CLI, evaluators, tests): each interpreter is a child process running
// ./python-child.mjs under Node's permission model, spoken to over the IPC channel. See
// docs/sandbox.md for what is isolated and how.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON_GUARD, PYTHON_RUNNER } from '../../core/sandbox/harness.ts';
import { InterpreterCrash, type InterpreterOutput, type InterpreterReply, type InterpreterRun, type PythonInterpreter } from '../../core/sandbox/interpreter.ts';
import { PooledPythonSandbox, type SandboxOptions } from '../../core/sandbox/pool.ts';
import type { PythonRunError, PythonSandbox } from '../../core/sandbox/types.ts';

type ChildMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'output'; id: number; stream: InterpreterOutput['stream']; text: string; truncated: boolean }
  | { type: 'done'; id: number; result: string | null; error: PythonRunError | null; ms: number; truncated: boolean }
  | { type: 'crash'; id: number; message: string };

const CHILD_SCRIPT = fileURLToPath(new URL('./python-child.mjs', import.meta.url));
const PYODIDE_DIR = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));

/** Node flags of the child: read Pyodide and the child script, nothing else; see docs/sandbox.md. */
export function childArguments(): string[] {
  return [
    '--experimental-permission',
    `--allow-fs-read=${PYODIDE_DIR}/`,
    `--allow-fs-read=${CHILD_SCRIPT}`,
    '--disallow-code-generation-from-strings',
    '--no-addons',
    '--no-warnings',
    '--max-old-space-size=512',
    CHILD_SCRIPT,
    PYODIDE_DIR,
  ];
}

class ChildInterpreter implements PythonInterpreter {
  readonly ready: Promise<void>;
  readonly #child: ChildProcess;
  #nextId = 0;
  #pending: { id: number; onOutput: (output: InterpreterOutput) => void; resolve: (reply: InterpreterReply) => void; reject: (error: Error) => void } | null = null;
  #stderrTail = '';

  constructor() {
    // An empty environment: nothing of the parent's (tokens, paths) is visible inside.
    this.#child = spawn(process.execPath, childArguments(), { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: {} });
    this.#child.stderr?.on('data', (chunk: Buffer) => (this.#stderrTail = (this.#stderrTail + chunk.toString()).slice(-2000)));
    this.ready = new Promise<void>((resolve, reject) => {
      this.#child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'failed') reject(new Error(message.message));
        else this.#onRunMessage(message);
      });
      this.#child.on('error', reject);
      this.#child.on('exit', (code, signal) => {
        const why = `the interpreter process exited (${signal ?? `code ${code}`})${this.#stderrTail ? `: ${this.#stderrTail.trim().split('\n').slice(-3).join(' ')}` : ''}`;
        reject(new Error(why));
        this.#pending?.reject(new InterpreterCrash(why));
        this.#pending = null;
      });
    });
    this.ready.catch(() => undefined);
    this.#child.send({ type: 'init', harness: `${PYTHON_GUARD}\n${PYTHON_RUNNER}` });
  }

  execute(run: InterpreterRun, onOutput: (output: InterpreterOutput) => void): Promise<InterpreterReply> {
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#pending = { id, onOutput, resolve, reject };
      this.#child.send({ type: 'run', id, code: run.code, maxOutputBytes: run.maxOutputBytes });
    });
  }

  terminate(): void {
    this.#pending = null;
    this.#child.kill('SIGKILL');
  }

  #onRunMessage(message: Exclude<ChildMessage, { type: 'ready' | 'failed' }>): void {
    const pending = this.#pending;
    if (!pending || message.id !== pending.id) return;
    if (message.type === 'output') return pending.onOutput({ stream: message.stream, text: message.text, truncated: message.truncated });
    this.#pending = null;
    if (message.type === 'crash') return pending.reject(new InterpreterCrash(message.message));
    pending.resolve({ result: message.result, error: message.error, ms: message.ms, truncated: message.truncated });
  }
}

/** A sandbox whose interpreters are permission-restricted Node child processes. */
export function createNodePythonSandbox(options?: SandboxOptions): PythonSandbox & { warm(): Promise<void> } {
  return new PooledPythonSandbox(() => new ChildInterpreter(), options);
}
