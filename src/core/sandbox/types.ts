// The Python sandbox contract shared by the Node (child process) and browser (dedicated worker)
// implementations. PAL and ReAct labs code against this interface only, never against Pyodide.
// Expected failures of user code (timeout, syntax, exceptions, refused escapes) come back in
// `error`; `run` rejects only when the sandbox itself cannot be used (see ./errors.ts).

export interface PythonRunRequest {
  code: string;
  /** Wall-clock limit; the interpreter is killed and replaced when it is exceeded. */
  timeoutMs?: number;
  /** Cap on stdout + stderr bytes kept; output past it is dropped and `truncated` is set. */
  maxOutputBytes?: number;
}

export interface PythonRunError {
  type: 'timeout' | 'syntax' | 'runtime' | 'refused' | 'crashed';
  message: string;
}

export interface PythonRunResult {
  stdout: string;
  stderr: string;
  /** str() of the value of the code's last expression; null when it is None or there is none. */
  result: string | null;
  error: PythonRunError | null;
  ms: number;
  truncated: boolean;
}

export interface PythonSandbox {
  run(request: PythonRunRequest): Promise<PythonRunResult>;
  close(): Promise<void>;
}
