// The Node sandbox against the real Pyodide in its permission-restricted child process: one test
// per escape route (network, the JavaScript host, child processes, host files), plus the limits
// (time, output size, recursion) and the error kinds. One sandbox serves every test: Pyodide takes
// seconds to load. Runs that kill the interpreter (timeout) come last so the spare can take over.
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodePythonSandbox } from '../../../src/cli/sandbox/node-python-sandbox.ts';

const sandbox = createNodePythonSandbox({ defaultTimeoutMs: 15_000 });
const run = (code: string, options: { timeoutMs?: number; maxOutputBytes?: number } = {}) => sandbox.run({ code, ...options });

let server: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    socket.end('HTTP/1.0 200 OK\r\n\r\nreached the host');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  await sandbox.warm();
}, 120_000);

afterAll(async () => {
  await sandbox.close();
  server.close();
});

describe('Node Python sandbox', () => {
  it('runs a program: stdout, stderr and the last expression come back apart', async () => {
    expect((await run('print(sum(range(10)))')).stdout).toBe('45\n');
    const outcome = await run('import sys\nprint("to stderr", file=sys.stderr)\nvalues = [3, 4]\nsum(v * v for v in values)');
    expect(outcome).toMatchObject({ stdout: '', stderr: 'to stderr\n', result: '25', error: null, truncated: false });
    expect(outcome.ms).toBeGreaterThanOrEqual(0);
    expect((await run('x = None\nx')).result).toBeNull();
  });

  it('keeps no state between runs: globals, builtins, the guard and the recursion limit start fresh', async () => {
    await run('leftover = 1\nimport builtins, sys\nbuiltins.print = None\nsys.meta_path.pop(0)\nsys.setrecursionlimit(3000)');
    expect((await run('leftover')).error?.message).toMatch(/NameError: name 'leftover' is not defined/);
    expect((await run('print("fresh")\nimport sys\nsys.getrecursionlimit()')).stdout).toBe('fresh\n');
    expect((await run('import sys\nsys.getrecursionlimit()')).result).toBe('1000');
    expect((await run('import js')).error?.type).toBe('refused');
  });

  it('network: urllib, raw sockets and pyodide.http fail with a clear error and nothing reaches a local server', async () => {
    const urllib = await run(`import urllib.request\nurllib.request.urlopen("http://127.0.0.1:${port}/").read()`);
    expect(urllib.error).toMatchObject({ type: 'refused', message: expect.stringMatching(/network access is refused/) });
    const socket = await run(`import socket\ns = socket.socket()\ns.connect(("127.0.0.1", ${port}))`);
    expect(socket.error).toMatchObject({ type: 'refused', message: expect.stringMatching(/network access is refused/) });
    const pyfetch = await run('from pyodide.http import pyfetch');
    expect(pyfetch.error).toMatchObject({ type: 'refused', message: expect.stringMatching(/import of 'pyodide.http' is refused/) });
    expect(connections).toBe(0);
  });

  it('the JavaScript host: import js / pyodide_js, js.fetch and run_js are refused', async () => {
    for (const code of ['import js', 'from js import fetch', 'import pyodide_js', 'import pyodide.code\npyodide.code.run_js("process.exit(3)")']) {
      const outcome = await run(code);
      expect(outcome.error, code).toMatchObject({ type: 'refused', message: expect.stringMatching(/refused: the sandbox has no access to its JavaScript host/) });
    }
  });

  it('the JavaScript host, with the Python guard removed: js stays unregistered and JS cannot compile code', async () => {
    const unguarded = await run('import sys\nsys.meta_path.pop(0)\nimport js');
    expect(unguarded.error?.message).toMatch(/ModuleNotFoundError: No module named 'js'/);
    // Any JS object leads to the Function constructor; the child forbids code generation from strings.
    const codegen = await run('import sys\nsys.meta_path.pop(0)\nfrom pyodide.ffi import to_js\nto_js([]).constructor.constructor("return process")()');
    expect(codegen.error?.message).toMatch(/Code generation from strings disallowed/);
  });

  it('child processes: subprocess, os.system and os.popen are refused and the interpreter survives', async () => {
    for (const code of ['import subprocess\nsubprocess.run(["ls"])', 'import os\nos.system("touch /tmp/escaped")', 'import os\nos.popen("id").read()']) {
      const outcome = await run(code);
      expect(outcome.error, code).toMatchObject({ type: 'refused', message: expect.stringMatching(/running other programs is refused/) });
    }
    expect((await run('2 + 2')).result).toBe('4');
  });

  it("file writes stay in Pyodide's in-memory file system; host files are not readable", async () => {
    const hostPath = join(tmpdir(), `llm-lab-sandbox-probe-${process.pid}.txt`);
    rmSync(hostPath, { force: true });
    const written = await run(`open(${JSON.stringify(hostPath)}, "w").write("escaped")\nopen(${JSON.stringify(hostPath)}).read()`);
    expect(written.result).toBe('escaped');
    expect(existsSync(hostPath)).toBe(false);
    const read = await run(`open(${JSON.stringify(join(process.cwd(), 'package.json'))}).read()`);
    expect(read.error?.message).toMatch(/FileNotFoundError/);
  });

  it("the host's environment is not visible", async () => {
    expect((await run('import os\nsorted(os.environ.items())')).result).not.toContain(process.env['HOME'] ?? '/root');
  });

  it('a 10 MB print is cut at the cap', async () => {
    const outcome = await run('print("x" * 10_000_000)', { maxOutputBytes: 65_536 });
    expect(outcome.stdout.length).toBe(65_536);
    expect(outcome.truncated).toBe(true);
    expect(outcome.error).toBeNull();
  });

  it('a syntax error comes back as an error, not a crash', async () => {
    const outcome = await run('print(1');
    expect(outcome.error).toMatchObject({ type: 'syntax', message: expect.stringMatching(/SyntaxError: '\(' was never closed/) });
    expect((await run('1 + 1')).result).toBe('2');
  });

  it('recursion bombs end in RecursionError, even with a raised recursion limit', async () => {
    const plain = await run('def f(n): return f(n + 1)\nf(0)');
    expect(plain.error).toMatchObject({ type: 'runtime', message: expect.stringMatching(/RecursionError/) });
    const raised = await run('import sys\nsys.setrecursionlimit(10**7)\ndef f(n): return f(n + 1)\nf(0)');
    expect(raised.error).toMatchObject({ type: 'runtime', message: expect.stringMatching(/RecursionError/) });
    expect((await run('3 * 3')).result).toBe('9');
  });

  it('while True: pass ends with a timeout error within the limit + 1 s, and the next call works', async () => {
    const started = performance.now();
    const outcome = await run('print("before the loop")\nwhile True: pass', { timeoutMs: 1_000 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(outcome.error).toMatchObject({ type: 'timeout', message: expect.stringMatching(/did not finish within 1000 ms/) });
    expect(outcome.stdout).toBe('before the loop\n');
    expect((await run('print(sum(range(10)))')).stdout).toBe('45\n');
  });
});
