// The Python sandbox in the browser: each interpreter is a dedicated worker (python.worker.ts)
// that loads Pyodide from the site's own `pyodide/` folder. Timeouts terminate the worker and a
// warm spare takes over (src/core/sandbox/pool.ts). See docs/sandbox.md for what is isolated.
import { type HostEvent, RemoteInterpreter } from '../core/sandbox/host-protocol.ts';
import type { PythonInterpreter } from '../core/sandbox/interpreter.ts';
import { PooledPythonSandbox, type SandboxOptions } from '../core/sandbox/pool.ts';
import type { PythonWorkerRequest } from '../workers/python.protocol.ts';

function spawnWorkerInterpreter(): PythonInterpreter {
  const worker = new Worker(new URL('../workers/python.worker.ts', import.meta.url), { type: 'module', name: 'python' });
  const post = (request: PythonWorkerRequest) => worker.postMessage(request);
  const interpreter = new RemoteInterpreter({ send: post, terminate: () => worker.terminate() });
  worker.addEventListener('message', (message: MessageEvent<HostEvent>) => interpreter.receive(message.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    worker.terminate();
    interpreter.fail(`the Python worker failed: ${event.message || 'it could not be loaded'}`);
  });
  post({ type: 'init', indexURL: new URL('pyodide/', document.baseURI).href });
  return interpreter;
}

export type BrowserPythonSandbox = PooledPythonSandbox;

/** A sandbox whose interpreters are locked-down dedicated workers. */
export function createBrowserPythonSandbox(options?: SandboxOptions): BrowserPythonSandbox {
  return new PooledPythonSandbox(spawnWorkerInterpreter, options);
}
