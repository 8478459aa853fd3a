// The Node host of one sandboxed Python interpreter. It runs as a child process under Node's
// permission model (read access to Pyodide's files and two scripts only; no writes, child
// processes, workers or addons; no code generation from strings), loads Pyodide, then removes
// what the permission model does not cover (network, loaders, signals) before the parent sends
// any user code. Plain JavaScript: loading TypeScript would need a loader the permissions deny.
import dgram from 'node:dgram';
import dns from 'node:dns';
import { constants as fsConstants } from 'node:fs';
import http2 from 'node:http2';
import inspector from 'node:inspector';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import { pathToFileURL } from 'node:url';
import { attachRunner } from '../../core/sandbox/host-runner.mjs';

const pyodideDir = process.argv[2];
const send = (event) => process.send(event);

// Pyodide's NODEFS reads open() flags through process.binding('constants'), which the permission
// model denies; this shim answers that one question and is deleted before user code runs.
Object.defineProperty(process, 'binding', {
  configurable: true,
  writable: true,
  value: (name) => {
    if (name === 'constants') return { fs: fsConstants };
    throw new Error(`process.binding('${name}') is not available in the sandbox`);
  },
});

function refuse(what) {
  return () => {
    throw new Error(`${what} is refused: the Python sandbox has no network`);
  };
}

/** Node 20's permission model does not cover the network: close every entry point to it. */
function lockDown() {
  for (const name of ['fetch', 'Request', 'Response', 'Headers', 'FormData', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'require', 'module', 'exports', 'navigator', 'Worker', 'BroadcastChannel']) {
    if (!Reflect.deleteProperty(globalThis, name)) Object.defineProperty(globalThis, name, { value: undefined });
  }
  for (const name of ['getBuiltinModule', 'binding', '_linkedBinding', 'dlopen', 'kill', '_kill', '_debugProcess', '_debugEnd', 'mainModule', 'chdir', 'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups']) {
    Reflect.deleteProperty(process, name);
  }
  net.Socket.prototype.connect = refuse('net.Socket.connect');
  net.connect = net.createConnection = refuse('net.connect');
  net.Server.prototype.listen = refuse('net.Server.listen');
  tls.connect = refuse('tls.connect');
  dgram.createSocket = refuse('dgram.createSocket');
  for (const name of ['bind', 'connect', 'send']) dgram.Socket.prototype[name] = refuse(`dgram.Socket.${name}`);
  for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']) dns[name] = dns.promises[name] = refuse(`dns.${name}`);
  http2.connect = refuse('http2.connect');
  inspector.open = refuse('inspector.open');
}

async function start(harness) {
  const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href);
  const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, env: { HOME: '/home/pyodide' } });
  const execute = attachRunner(pyodide, harness, send);
  lockDown();
  process.on('message', (message) => {
    if (message?.type === 'run' && !execute(message)) process.disconnect();
  });
  send({ type: 'ready' });
}

process.once('message', (message) => {
  start(String(message?.harness ?? '')).catch((error) => {
    process.send({ type: 'failed', message: String(error?.message ?? error) }, () => process.exit(1));
  });
});
// The parent went away (or gave up on this interpreter): nothing left to do.
process.on('disconnect', () => process.exit(0));
