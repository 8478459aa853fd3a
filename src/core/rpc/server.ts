// Worker side of the RPC: dispatches requests to typed handlers, one AbortController per request,
// progress as its own message, errors as `WireError`. Requests can run concurrently; a handler that
// must not overlap (an onnxruntime session) serializes itself.
import { toWire } from '../errors.ts';
import type { ClientMessage, Endpoint, Method, RpcSchema, ServerMessage } from './protocol.ts';
import { unwrapTransfer, type Transfer } from './protocol.ts';

export interface HandlerContext<G> {
  signal: AbortSignal;
  progress(progress: G, transfer?: Transferable[]): void;
}

export type Handlers<S extends RpcSchema> = {
  [M in Method<S>]: (
    params: S[M]['params'],
    context: HandlerContext<S[M]['progress']>,
  ) => Promise<S[M]['result'] | Transfer<S[M]['result']>>;
};

export function serveRpc<S extends RpcSchema>(endpoint: Endpoint, handlers: Handlers<S>): () => void {
  const running = new Map<number, AbortController>();
  const post = (message: ServerMessage<S>, transfer: Transferable[] = []) => endpoint.postMessage(message, transfer);

  async function handle<M extends Method<S>>(id: number, method: M, params: S[M]['params']): Promise<void> {
    const controller = new AbortController();
    running.set(id, controller);
    const handler = handlers[method];
    try {
      if (typeof handler !== 'function') throw new Error(`Unknown method "${method}".`);
      const context: HandlerContext<S[M]['progress']> = {
        signal: controller.signal,
        progress: (progress, transfer) => post({ kind: 'progress', id, method, progress } as ServerMessage<S>, transfer),
      };
      const { value, transfer } = unwrapTransfer(await handler(params, context));
      post({ kind: 'result', id, method, result: value } as ServerMessage<S>, transfer);
    } catch (error) {
      post({ kind: 'error', id, error: toWire(error) });
    } finally {
      running.delete(id);
    }
  }

  const listener = (event: MessageEvent) => {
    const message = event.data as ClientMessage<S>;
    if (message.kind === 'cancel') running.get(message.id)?.abort();
    else if (message.kind === 'request') void handle(message.id, message.method, message.params);
  };
  endpoint.addEventListener('message', listener);
  return () => endpoint.removeEventListener('message', listener);
}
