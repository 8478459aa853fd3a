// The messages between the sandbox (in Node's parent process or the page) and the host of one
// interpreter (a child process or a dedicated worker), and the one RemoteInterpreter that speaks
// them for both. Each host first receives its own init message, then only `run` requests.
import { InterpreterCrash, type InterpreterOutput, type InterpreterReply, type InterpreterRun, type PythonInterpreter } from './interpreter.ts';
import type { PythonRunError } from './types.ts';

export interface RunRequest {
  type: 'run';
  id: number;
  code: string;
  maxOutputBytes: number;
}

export type HostEvent =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | ({ type: 'output'; id: number } & InterpreterOutput)
  | { type: 'done'; id: number; result: string | null; error: PythonRunError | null; ms: number; truncated: boolean }
  | { type: 'crash'; id: number; message: string };

export interface HostTransport {
  send(request: RunRequest): void;
  terminate(): void;
}

interface PendingRun {
  id: number;
  onOutput: (output: InterpreterOutput) => void;
  resolve: (reply: InterpreterReply) => void;
  reject: (error: Error) => void;
}

export class RemoteInterpreter implements PythonInterpreter {
  readonly ready: Promise<void>;
  readonly #transport: HostTransport;
  #settleReady: { resolve: () => void; reject: (error: Error) => void } | null = null;
  #pending: PendingRun | null = null;
  #nextId = 0;

  constructor(transport: HostTransport) {
    this.#transport = transport;
    this.ready = new Promise<void>((resolve, reject) => (this.#settleReady = { resolve, reject }));
    this.ready.catch(() => undefined);
  }

  /** Feed every message of the host here. */
  receive(event: HostEvent): void {
    if (event.type === 'ready') return this.#settleReady?.resolve();
    if (event.type === 'failed') return this.#settleReady?.reject(new Error(event.message));
    const pending = this.#pending;
    if (!pending || event.id !== pending.id) return;
    if (event.type === 'output') return pending.onOutput({ stream: event.stream, text: event.text, truncated: event.truncated });
    this.#pending = null;
    if (event.type === 'crash') return pending.reject(new InterpreterCrash(event.message));
    pending.resolve({ result: event.result, error: event.error, ms: event.ms, truncated: event.truncated });
  }

  /** The host died (process exit, worker error): fails the start or the run in progress. */
  fail(reason: string): void {
    this.#settleReady?.reject(new Error(reason));
    this.#pending?.reject(new InterpreterCrash(reason));
    this.#pending = null;
  }

  execute(run: InterpreterRun, onOutput: (output: InterpreterOutput) => void): Promise<InterpreterReply> {
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#pending = { id, onOutput, resolve, reject };
      this.#transport.send({ type: 'run', id, code: run.code, maxOutputBytes: run.maxOutputBytes });
    });
  }

  terminate(): void {
    this.#pending = null;
    this.#transport.terminate();
  }
}
