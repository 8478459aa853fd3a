// The typed request/response protocol between the main thread and every worker.
// A schema maps each method to its params, result and progress types; messages are tagged
// unions with a request id, so both sides stay cast-free. Large buffers travel as transferables.
import type { WireError } from '../errors.ts';

export interface MethodSpec<P = unknown, R = unknown, G = unknown> {
  params: P;
  result: R;
  progress: G;
}

export type RpcSchema = Record<string, MethodSpec>;

export type Method<S extends RpcSchema> = Extract<keyof S, string>;

export type ClientMessage<S extends RpcSchema> =
  | { [M in Method<S>]: { kind: 'request'; id: number; method: M; params: S[M]['params'] } }[Method<S>]
  | { kind: 'cancel'; id: number };

export type ServerMessage<S extends RpcSchema> =
  | { [M in Method<S>]: { kind: 'progress'; id: number; method: M; progress: S[M]['progress'] } }[Method<S>]
  | { [M in Method<S>]: { kind: 'result'; id: number; method: M; result: S[M]['result'] } }[Method<S>]
  | { kind: 'error'; id: number; error: WireError };

/** The part of `Worker`, `MessagePort` and a worker's `self` that RPC needs. */
export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** A result (or params) with the buffers that should be moved rather than copied. */
export class Transfer<T> {
  constructor(readonly value: T, readonly transfer: Transferable[]) {}
}

export function withTransfer<T>(value: T, transfer: Transferable[]): Transfer<T> {
  return new Transfer(value, transfer);
}

export function unwrapTransfer<T>(value: T | Transfer<T>): { value: T; transfer: Transferable[] } {
  return value instanceof Transfer ? { value: value.value, transfer: value.transfer } : { value, transfer: [] };
}
