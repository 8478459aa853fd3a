// The PythonSandbox both hosts expose: runs requests one at a time on a ready interpreter, enforces
// the wall-clock limit by killing the interpreter (Python cannot be interrupted reliably from
// outside) and promotes a warm spare so the next call does not wait for Pyodide to load again.
import { CancelledError, InvalidArgumentError } from '../errors.ts';
import { SandboxError } from './errors.ts';
import { InterpreterCrash, type InterpreterOutput, type InterpreterReply, type PythonInterpreter } from './interpreter.ts';
import type { PythonRunRequest, PythonRunResult, PythonSandbox } from './types.ts';

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1 << 20;

export interface SandboxOptions {
  defaultTimeoutMs?: number;
  maxOutputBytes?: number;
  /** Keep a second interpreter loaded so a timeout or crash costs no load time (default true). */
  warmSpare?: boolean;
}

/** A run request that can be stopped from outside; stopping rejects run() with CancelledError. */
export interface CancellableRunRequest extends PythonRunRequest {
  signal?: AbortSignal;
}

type Ending = { kind: 'reply'; reply: InterpreterReply } | { kind: 'crash'; message: string } | { kind: 'timeout' } | { kind: 'cancelled' };

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`${what} must be a positive number, got ${value}.`);
  return Math.floor(value);
}

export class PooledPythonSandbox implements PythonSandbox {
  readonly #spawn: () => PythonInterpreter;
  readonly #timeoutMs: number;
  readonly #maxOutputBytes: number;
  readonly #warmSpare: boolean;
  #current: PythonInterpreter | null = null;
  #spare: PythonInterpreter | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(spawn: () => PythonInterpreter, options: SandboxOptions = {}) {
    this.#spawn = spawn;
    this.#timeoutMs = positiveInteger(options.defaultTimeoutMs, DEFAULT_TIMEOUT_MS, 'defaultTimeoutMs');
    this.#maxOutputBytes = positiveInteger(options.maxOutputBytes, DEFAULT_MAX_OUTPUT_BYTES, 'maxOutputBytes');
    this.#warmSpare = options.warmSpare ?? true;
  }

  /** Starts loading the interpreter (and then the spare) now instead of at the first run. */
  warm(): Promise<void> {
    const interpreter = this.#interpreter();
    this.#startSpare(interpreter);
    return interpreter.ready;
  }

  /** Settles when the warm spare (if enabled) has loaded too: a timeout then costs no load time. */
  async spareReady(): Promise<void> {
    await this.#current?.ready.catch(() => undefined);
    await this.#spare?.ready.catch(() => undefined);
  }

  run(request: CancellableRunRequest): Promise<PythonRunResult> {
    const turn = this.#queue.then(() => this.#runNow(request));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#current?.terminate();
    this.#spare?.terminate();
    this.#current = this.#spare = null;
  }

  #interpreter(): PythonInterpreter {
    if (this.#closed) throw new SandboxError('The Python sandbox is closed.');
    if (!this.#current) {
      this.#current = this.#spare ?? this.#spawn();
      this.#spare = null;
    }
    return this.#current;
  }

  #startSpare(after: PythonInterpreter): void {
    if (!this.#warmSpare) return;
    // Loading two interpreters at once would slow the first one down; the spare waits its turn.
    after.ready.then(
      () => {
        if (!this.#closed && !this.#spare && this.#current === after) this.#spare = this.#spawn();
      },
      () => undefined,
    );
  }

  /** Kills an interpreter; with `replace`, its successor (the spare when there is one) starts loading now. */
  #discard(interpreter: PythonInterpreter, replace: boolean): void {
    interpreter.terminate();
    if (this.#current === interpreter) this.#current = null;
    if (replace && !this.#closed) this.#startSpare(this.#interpreter());
  }

  async #runNow(request: CancellableRunRequest): Promise<PythonRunResult> {
    if (typeof request.code !== 'string') throw new InvalidArgumentError('code must be a string of Python source.');
    const timeoutMs = positiveInteger(request.timeoutMs, this.#timeoutMs, 'timeoutMs');
    const maxOutputBytes = positiveInteger(request.maxOutputBytes, this.#maxOutputBytes, 'maxOutputBytes');
    if (request.signal?.aborted) throw new CancelledError();
    const interpreter = this.#interpreter();
    try {
      await interpreter.ready;
    } catch (error) {
      this.#discard(interpreter, false);
      const reason = error instanceof Error ? error.message : String(error);
      throw new SandboxError(`The Python interpreter could not start: ${reason}`, { cause: error });
    }
    this.#startSpare(interpreter);
    if (request.signal?.aborted) throw new CancelledError();
    return this.#execute(interpreter, request, timeoutMs, maxOutputBytes);
  }

  async #execute(interpreter: PythonInterpreter, request: CancellableRunRequest, timeoutMs: number, maxOutputBytes: number): Promise<PythonRunResult> {
    const printed = { stdout: '', stderr: '', truncated: false };
    const collect = (output: InterpreterOutput) => {
      printed[output.stream] += output.text;
      printed.truncated ||= output.truncated;
    };
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const ending = await new Promise<Ending>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
      onAbort = () => resolve({ kind: 'cancelled' });
      request.signal?.addEventListener('abort', onAbort, { once: true });
      interpreter.execute({ code: request.code, maxOutputBytes }, collect).then(
        (reply) => resolve({ kind: 'reply', reply }),
        (error: unknown) => resolve({ kind: 'crash', message: error instanceof InterpreterCrash ? error.message : String(error) }),
      );
    });
    clearTimeout(timer);
    if (onAbort) request.signal?.removeEventListener('abort', onAbort);
    const elapsed = Math.round(performance.now() - started);
    if (ending.kind === 'reply') return { ...printed, ...ending.reply, truncated: printed.truncated || ending.reply.truncated };
    this.#discard(interpreter, true);
    if (ending.kind === 'cancelled') throw new CancelledError('The Python run was stopped; the interpreter was restarted.');
    const error =
      ending.kind === 'timeout'
        ? { type: 'timeout' as const, message: `The program did not finish within ${timeoutMs} ms and was stopped; the interpreter was restarted.` }
        : { type: 'crashed' as const, message: `The Python interpreter crashed and was restarted: ${ending.message}` };
    return { ...printed, result: null, error, ms: elapsed };
  }
}
