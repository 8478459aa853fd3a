// What both interpreter hosts (Node child process, browser worker) do once Pyodide is loaded:
// install the harness, capture output under the byte cap and answer `run` requests with `done` or
// `crash` events (./host-protocol.ts). Plain JavaScript because the Node child loads it as is,
// without a TypeScript loader its permissions would have to allow; types in host-runner.d.mts.

const FLUSH_CHARS = 64 * 1024;
const FLUSH_MS = 100;

/** Keeps up to maxBytes of one stream and sends it on in batches while Python runs. */
export class StreamCapture {
  /** @param {'stdout' | 'stderr'} stream @param {(event: object) => void} send */
  constructor(stream, send) {
    this.stream = stream;
    this.send = send;
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

  /** Pyodide's raw write handler: bytes in, count of bytes consumed out (all of them, kept or not). */
  write(bytes) {
    if (this.runId === null) return bytes.length;
    const room = this.maxBytes - this.kept;
    if (bytes.length > room) this.truncated = true;
    const kept = bytes.subarray(0, Math.max(0, room));
    this.kept += kept.length;
    this.pending += this.decoder.decode(kept, { stream: !this.truncated });
    if (this.pending.length >= FLUSH_CHARS || performance.now() - this.lastFlush >= FLUSH_MS || this.truncated) this.flush();
    return bytes.length;
  }

  flush() {
    this.pending += this.decoder.decode();
    if (this.runId !== null && (this.pending || this.truncated)) {
      this.send({ type: 'output', id: this.runId, stream: this.stream, text: this.pending, truncated: this.truncated });
    }
    this.pending = '';
    this.lastFlush = performance.now();
  }
}

/** The result string under the same byte cap, cut on a character boundary. */
export function capResult(text, maxBytes) {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let end = maxBytes;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end -= 1;
  return { text: new TextDecoder().decode(bytes.subarray(0, end)), truncated: true };
}

function isFatal(error) {
  return Boolean(error?.pyodide_fatal_error) || /fatally failed/.test(String(error?.message));
}

/**
 * Runs the harness (./harness.ts) in its own namespace, hides the `js` and `pyodide_js` modules and
 * returns the handler for `run` requests. Call before any user code, then lock the host down.
 */
export function attachRunner(pyodide, harness, send) {
  const captures = { stdout: new StreamCapture('stdout', send), stderr: new StreamCapture('stderr', send) };
  pyodide.setStdout({ write: (bytes) => captures.stdout.write(bytes) });
  pyodide.setStderr({ write: (bytes) => captures.stderr.write(bytes) });
  const namespace = pyodide.globals.get('dict')();
  pyodide.runPython(harness, { globals: namespace });
  const runPython = namespace.get('_sandbox_run');
  // The harness's import guard gives a readable refusal; unregistering makes `import js` fail without it.
  pyodide.unregisterJsModule('js');
  pyodide.unregisterJsModule('pyodide_js');

  return function execute({ id, code, maxOutputBytes }) {
    for (const capture of Object.values(captures)) capture.reset(id, maxOutputBytes);
    const started = performance.now();
    let verdict;
    try {
      verdict = JSON.parse(runPython(code));
    } catch (error) {
      // After a fatal Pyodide error the interpreter is unusable: the host must be replaced.
      const reason = String(error?.message ?? error).split('\n')[0];
      send({ type: 'crash', id, message: isFatal(error) ? `Pyodide failed fatally (${reason})` : reason });
      return false;
    }
    const ms = Math.round(performance.now() - started);
    for (const capture of Object.values(captures)) capture.flush();
    const result = verdict.result === null ? { text: null, truncated: false } : capResult(verdict.result, maxOutputBytes);
    const truncated = captures.stdout.truncated || captures.stderr.truncated || result.truncated;
    for (const capture of Object.values(captures)) capture.reset(null, 0);
    send({ type: 'done', id, result: result.text, error: verdict.error, ms, truncated });
    return true;
  };
}
