// The typed RPC over a real MessageChannel: results, progress, structured errors rebuilt into
// their classes, cancellation reaching the handler's AbortSignal, and transferred buffers.
import { afterEach, describe, expect, test } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { RpcClient } from '../../../../src/core/rpc/client.ts';
import { serveRpc } from '../../../../src/core/rpc/server.ts';
import { withTransfer, type Endpoint, type MethodSpec } from '../../../../src/core/rpc/protocol.ts';
import { CancelledError, InvalidArgumentError, LabError } from '../../../../src/core/errors.ts';

type Schema = {
  add: MethodSpec<{ a: number; b: number }, number, never>;
  count: MethodSpec<{ to: number }, string, { at: number }>;
  fail: MethodSpec<{ kind: 'typed' | 'plain' }, never, never>;
  wait: MethodSpec<Record<string, never>, string, never>;
  bytes: MethodSpec<{ length: number }, Uint8Array, never>;
};

/** node:worker_threads ports speak `on('message', data)`; adapt them to the DOM-style Endpoint. */
function endpoint(port: MessagePort): Endpoint {
  const wrappers = new Map<(event: MessageEvent) => void, (data: unknown) => void>();
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer as never),
    addEventListener: (_type, listener) => {
      const wrapper = (data: unknown) => listener({ data } as MessageEvent);
      wrappers.set(listener, wrapper);
      port.on('message', wrapper);
    },
    removeEventListener: (_type, listener) => {
      const wrapper = wrappers.get(listener);
      if (wrapper) port.off('message', wrapper);
    },
  };
}

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => { c.port1.close(); c.port2.close(); }));

function connect() {
  const channel = new MessageChannel();
  channels.push(channel);
  let cancelled = false;
  serveRpc<Schema>(endpoint(channel.port2), {
    add: async ({ a, b }) => a + b,
    count: async ({ to }, { progress }) => {
      for (let at = 1; at <= to; at++) progress({ at });
      return 'counted';
    },
    fail: async ({ kind }) => {
      throw kind === 'typed' ? new InvalidArgumentError('block_size must be a power of two >= 16, got 24.') : new TypeError('boom');
    },
    wait: ({}, { signal }) =>
      new Promise((resolve, reject) => {
        signal.addEventListener('abort', () => { cancelled = true; reject(new CancelledError()); });
        setTimeout(() => resolve('finished'), 5_000);
      }),
    bytes: async ({ length }) => {
      const data = new Uint8Array(length).fill(7);
      return withTransfer(data, [data.buffer]);
    },
  });
  return { client: new RpcClient<Schema>(endpoint(channel.port1)), wasCancelled: () => cancelled };
}

describe('typed RPC', () => {
  test('returns results and forwards progress in order', async () => {
    const { client } = connect();
    expect(await client.call('add', { a: 2, b: 3 })).toBe(5);
    const seen: number[] = [];
    expect(await client.call('count', { to: 4 }, { onProgress: (p) => seen.push(p.at) })).toBe('counted');
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  test('rebuilds typed errors with their class and message; plain errors become internal', async () => {
    const { client } = connect();
    const typed = await client.call('fail', { kind: 'typed' }).catch((e: unknown) => e);
    expect(typed).toBeInstanceOf(InvalidArgumentError);
    expect((typed as LabError).code).toBe('invalid-argument');
    expect((typed as Error).message).toContain('block_size');
    const plain = await client.call('fail', { kind: 'plain' }).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(LabError);
    expect((plain as LabError).code).toBe('internal');
    expect((plain as Error).message).toBe('boom');
  });

  test('an aborted signal cancels the handler', async () => {
    const { client, wasCancelled } = connect();
    const controller = new AbortController();
    const pending = client.call('wait', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(wasCancelled()).toBe(true);
  });

  test('transferred buffers arrive intact', async () => {
    const { client } = connect();
    const data = await client.call('bytes', { length: 1024 });
    expect(data.length).toBe(1024);
    expect(data.every((v) => v === 7)).toBe(true);
  });
});
