// Dedicated worker hosting one sandboxed Python interpreter. It loads Pyodide from the site's own
// files, installs the harness, then removes every global that reaches the network, storage, other
// workers or a code loader, and refuses code generation from strings, before any user code runs.
// A run that overstays its limit is ended by the page terminating this worker.
import { PYTHON_HARNESS } from '../core/sandbox/harness.ts';
import { attachRunner } from '../core/sandbox/host-runner.mjs';
import type { PythonWorkerEvent, PythonWorkerRequest } from './python.protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (event: PythonWorkerEvent) => scope.postMessage(event);

/** Network, storage, loaders and ways to start more code; `postMessage` to the page stays. */
const REMOVED_GLOBALS = [
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource', 'importScripts',
  'indexedDB', 'caches', 'BroadcastChannel', 'Worker', 'SharedWorker', 'navigator', 'Request', 'Response',
  'eval', 'RTCPeerConnection', 'FileSystemHandle', 'FileSystemFileHandle', 'FileSystemDirectoryHandle',
];

/** Deletes a name from the global object and every prototype it inherits it from. */
function removeGlobal(name: string): void {
  for (let owner: object | null = scope; owner; owner = Object.getPrototypeOf(owner)) {
    if (!Object.hasOwn(owner, name)) continue;
    if (!Reflect.deleteProperty(owner, name)) Reflect.defineProperty(owner, name, { value: undefined });
  }
}

function refuseCodeGeneration(): void {
  const refuse = function refused(): never {
    throw new EvalError('Code generation from strings is refused in the Python sandbox');
  };
  // Every function's `.constructor` compiles strings: Function, AsyncFunction, GeneratorFunction...
  // (The global `Function` stays: Pyodide's own calls into JS test `instanceof Function`.)
  const samples = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const sample of samples) Object.defineProperty(Object.getPrototypeOf(sample), 'constructor', { value: refuse });
  // setTimeout('code') compiles its string argument too.
  for (const name of ['setTimeout', 'setInterval'] as const) {
    const original = scope[name].bind(scope) as (handler: unknown, ...rest: unknown[]) => number;
    Object.defineProperty(scope, name, {
      value: (handler: unknown, ...rest: unknown[]) => (typeof handler === 'function' ? original(handler, ...rest) : refuse()),
    });
  }
}

async function start(indexURL: string): Promise<void> {
  const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as typeof import('pyodide');
  const pyodide = await loadPyodide({ indexURL, env: { HOME: '/home/pyodide' } });
  const execute = attachRunner(pyodide, PYTHON_HARNESS, post);
  for (const name of REMOVED_GLOBALS) removeGlobal(name);
  refuseCodeGeneration();
  scope.onmessage = (message: MessageEvent<PythonWorkerRequest>) => {
    // A crashed interpreter is useless; the page replaces this worker.
    if (message.data.type === 'run' && !execute(message.data)) scope.close();
  };
  post({ type: 'ready' });
}

scope.onmessage = (message: MessageEvent<PythonWorkerRequest>) => {
  if (message.data.type !== 'init') return;
  start(message.data.indexURL).catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
};
