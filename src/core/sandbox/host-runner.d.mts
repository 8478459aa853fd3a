// Types of ./host-runner.mjs (plain JavaScript so the Node child process can load it as is).
import type { PyodideAPI } from 'pyodide';
import type { HostEvent, RunRequest } from './host-protocol.ts';
import type { OutputStream } from './interpreter.ts';

export declare class StreamCapture {
  constructor(stream: OutputStream, send: (event: Extract<HostEvent, { type: 'output' }>) => void);
  readonly truncated: boolean;
  reset(runId: number | null, maxBytes: number): void;
  write(bytes: Uint8Array): number;
  flush(): void;
}

export declare function capResult(text: string, maxBytes: number): { text: string; truncated: boolean };

/** Handles one run request; false when the interpreter crashed and its host must be replaced. */
export type RunHandler = (request: RunRequest) => boolean;

export declare function attachRunner(pyodide: PyodideAPI, harness: string, send: (event: HostEvent) => void): RunHandler;
