// What a host (Node child process, browser worker) provides to the sandbox: one Pyodide
// interpreter that runs one program at a time and can be killed at any moment. Timeouts, the warm
// spare and restarts live in ./pool.ts, written once for both hosts.
import type { PythonRunError } from './types.ts';

export type OutputStream = 'stdout' | 'stderr';

/** A piece of a program's output, sent while it runs so a timed-out run still shows what it printed. */
export interface InterpreterOutput {
  stream: OutputStream;
  text: string;
  /** True once the host dropped output past maxOutputBytes on this stream. */
  truncated: boolean;
}

export interface InterpreterRun {
  code: string;
  /** Per stream (stdout, stderr) and for the result string. */
  maxOutputBytes: number;
}

export interface InterpreterReply {
  result: string | null;
  error: PythonRunError | null;
  /** Time spent executing the program inside the interpreter. */
  ms: number;
  truncated: boolean;
}

export interface PythonInterpreter {
  /** Settles when Pyodide is loaded and locked down; rejects when it could not start. */
  readonly ready: Promise<void>;
  /** Rejects with InterpreterCrash when the interpreter died (fatal Pyodide error, process exit). */
  execute(run: InterpreterRun, onOutput: (output: InterpreterOutput) => void): Promise<InterpreterReply>;
  /** Kills it now; a pending execute never settles after this. */
  terminate(): void;
}

export class InterpreterCrash extends Error {
  override name = 'InterpreterCrash';
}
