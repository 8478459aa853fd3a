// The Node host of one sandboxed Python interpreter. It runs as a child process under Node's
// permission model (read access to Pyodide's files only; no writes, child processes, workers or
// addons; no code generation from strings), loads Pyodide, then removes what the permission model
// does not cover (network, loaders, signals) before the parent sends any user code. Plain
// JavaScript on purpose: the child cannot load TypeScript without widening its permissions.
import dgram from 'node:dgram';
import dns from 'node:dns';
import { constants as fsConstants } from 'node:fs';
import http2 from 'node:http2';
import inspector from 'node:inspector';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import { pathToFileURL } from 'node:url';

const pyodideDir = process.argv[2];
const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 100;

// Pyodide's NODEFS reads open() flags through process.binding('constants'), which the permission
// model denies; this shim answers that one question and is deleted again before user code runs.
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

/** Keeps up to maxBytes of one stream and forwards it to the parent in batches while Python runs. */
class StreamCapture {
  constructor(stream) {
    this.stream = stream;
    this.decoder = new TextDecoder();
    this.reset(null, 0);
  }
  reset(runId, maxBytes) {
    this.runId = runId;
    this.maxBytes = maxBytes;
    this.kept = 0;
    this.truncated = false;
    this.pending = '';
    // The first write after a quiet spell goes out at once: a program that then hangs still shows it.
    this.lastFlush = -Infinity;
  }
  write(bytes) {
    if (this.runId === null) return bytes.length;
    const room = this.maxBytes - this.kept;
    if (bytes.length > room) this.truncated = true;
    const kept = bytes.subarray(0, Math.max(0, room));
    this.kept += kept.length;
    this.pending += this.decoder.decode(kept, { stream: !this.truncated });
    if (this.pending.length >= FLUSH_BYTES || performance.now() - this.lastFlush >= FLUSH_MS || this.truncated) this.flush();
    return bytes.length;
  }
  flush() {
    this.pending += this.decoder.decode();
    if (this.pending || this.truncated) process.send({ type: 'output', id: this.runId, stream: this.stream, text: this.pending, truncated: this.truncated });
    this.pending = '';
    this.lastFlush = performance.now();
  }
}

function capResult(text, maxBytes) {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return { text, truncated: false };
  return { text: new TextDecoder().decode(bytes.subarray(0, maxBytes)).replace(/\uFFFD$/, ''), truncated: true };
}

function isFatal(error) {
  return Boolean(error?.pyodide_fatal_error) || /fatally failed/.test(String(error?.message));
}

async function start(harness) {
  const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href);
  const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, env: { HOME: '/home/pyodide' } });
  const captures = { stdout: new StreamCapture('stdout'), stderr: new StreamCapture('stderr') };
  pyodide.setStdout({ write: (bytes) => captures.stdout.write(bytes) });
  pyodide.setStderr({ write: (bytes) => captures.stderr.write(bytes) });
  const namespace = pyodide.globals.get('dict')();
  pyodide.runPython(harness, { globals: namespace });
  const runPython = namespace.get('_sandbox_run');
  // The import guard gives a readable refusal; unregistering makes `import js` fail even without it.
  pyodide.unregisterJsModule('js');
  pyodide.unregisterJsModule('pyodide_js');
  lockDown();

  const execute = ({ id, code, maxOutputBytes }) => {
    captures.stdout.reset(id, maxOutputBytes);
    captures.stderr.reset(id, maxOutputBytes);
    const started = performance.now();
    let verdict;
    try {
      verdict = JSON.parse(runPython(code));
    } catch (error) {
      // After a fatal Pyodide error the interpreter is unusable; the parent starts a fresh one.
      const message = isFatal(error) ? `Pyodide failed fatally (${String(error?.message ?? error).split('\n')[0]})` : String(error?.message ?? error);
      process.send({ type: 'crash', id, message }, () => process.exit(1));
      return;
    }
    const ms = Math.round(performance.now() - started);
    captures.stdout.flush();
    captures.stderr.flush();
    const result = verdict.result === null ? { text: null, truncated: false } : capResult(verdict.result, maxOutputBytes);
    const truncated = captures.stdout.truncated || captures.stderr.truncated || result.truncated;
    captures.stdout.reset(null, 0);
    captures.stderr.reset(null, 0);
    process.send({ type: 'done', id, result: result.text, error: verdict.error, ms, truncated });
  };
  process.on('message', (message) => {
    if (message?.type === 'run') execute(message);
  });
  process.send({ type: 'ready' });
}

process.once('message', (message) => {
  start(String(message?.harness ?? '')).catch((error) => {
    process.send({ type: 'failed', message: String(error?.message ?? error) }, () => process.exit(1));
  });
});
process.on('disconnect', () => process.exit(0));
