// Messages of the Python worker: one `init` naming where the site serves Pyodide, then the run
// requests and events every interpreter host speaks (src/core/sandbox/host-protocol.ts).
import type { HostEvent, RunRequest } from '../core/sandbox/host-protocol.ts';

export interface PythonWorkerInit {
  type: 'init';
  /** Absolute URL of the site's own copy of Pyodide, ending in '/'. */
  indexURL: string;
}

export type PythonWorkerRequest = PythonWorkerInit | RunRequest;
export type PythonWorkerEvent = HostEvent;
