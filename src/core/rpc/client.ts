// Main-thread side of the RPC: `call` returns a promise for the typed result, forwards progress,
// and turns an AbortSignal into a cancel message. Errors come back as rebuilt `LabError`s.
import { CancelledError, fromWire } from '../errors.ts';
import type { ClientMessage, Endpoint, Method, RpcSchema, ServerMessage } from './protocol.ts';

export interface CallOptions<G> {
  onProgress?: (progress: G) => void;
  signal?: AbortSignal;
  transfer?: Transferable[];
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (progress: unknown) => void;
}

export class RpcClient<S extends RpcSchema> {
  #endpoint: Endpoint;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #listener = (event: MessageEvent) => this.#receive(event.data as ServerMessage<S>);

  constructor(endpoint: Endpoint) {
    this.#endpoint = endpoint;
    endpoint.addEventListener('message', this.#listener);
  }

  call<M extends Method<S>>(method: M, params: S[M]['params'], options: CallOptions<S[M]['progress']> = {}): Promise<S[M]['result']> {
    const { signal, onProgress, transfer = [] } = options;
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const id = this.#nextId++;
    return new Promise<S[M]['result']>((resolve, reject) => {
      const onAbort = () => this.#send({ kind: 'cancel', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve: (value) => { signal?.removeEventListener('abort', onAbort); resolve(value as S[M]['result']); },
        reject: (error) => { signal?.removeEventListener('abort', onAbort); reject(error); },
        onProgress: onProgress as ((progress: unknown) => void) | undefined,
      });
      this.#send({ kind: 'request', id, method, params } as ClientMessage<S>, transfer);
    });
  }

  /** Rejects every call still waiting, e.g. after the worker was terminated to force a stop. */
  failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  dispose(): void {
    this.#endpoint.removeEventListener('message', this.#listener);
    this.failAll(new CancelledError('The worker was closed.'));
  }

  #send(message: ClientMessage<S>, transfer: Transferable[] = []): void {
    this.#endpoint.postMessage(message, transfer);
  }

  #receive(message: ServerMessage<S>): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    switch (message.kind) {
      case 'progress':
        pending.onProgress?.(message.progress);
        return;
      case 'result':
        this.#pending.delete(message.id);
        pending.resolve(message.result);
        return;
      case 'error':
        this.#pending.delete(message.id);
        pending.reject(fromWire(message.error));
        return;
      default: {
        const unreachable: never = message;
        throw new Error(`Unexpected message ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
