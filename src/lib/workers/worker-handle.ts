// A restartable worker: `stop()` terminates it (the only way to interrupt a wasm or WebGPU kernel
// mid-run), fails every pending call with CancelledError, and the next call starts a fresh one.
import { CancelledError } from '../../core/errors.ts';
import { RpcClient, type CallOptions } from '../../core/rpc/client.ts';
import type { Method, RpcSchema } from '../../core/rpc/protocol.ts';

export class WorkerHandle<S extends RpcSchema> {
  #create: () => Worker;
  #worker: Worker | null = null;
  #client: RpcClient<S> | null = null;

  constructor(create: () => Worker) {
    this.#create = create;
  }

  call<M extends Method<S>>(method: M, params: S[M]['params'], options?: CallOptions<S[M]['progress']>): Promise<S[M]['result']> {
    return this.#ensure().call(method, params, options);
  }

  get running(): boolean {
    return this.#worker !== null;
  }

  stop(reason = 'Stopped: the worker was terminated.'): void {
    this.#worker?.terminate();
    this.#client?.failAll(new CancelledError(reason));
    this.#worker = null;
    this.#client = null;
  }

  #ensure(): RpcClient<S> {
    if (!this.#client) {
      const worker = this.#create();
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.#client?.failAll(new Error(`The worker crashed: ${event.message || 'unknown error'}. It will restart on the next request.`));
        this.stop();
      });
      this.#worker = worker;
      this.#client = new RpcClient<S>(worker);
    }
    return this.#client;
  }
}
