// The pool's own rules, with scripted interpreters standing in for Pyodide (the real interpreter is
// tested through the Node host in test/unit/cli/python-sandbox.test.ts): the limit kills the
// interpreter and the spare takes over, crashes and failed starts are reported, Stop cancels.
import { describe, expect, it } from 'vitest';
import { isCancelled } from '../../../../src/core/errors.ts';
import { SandboxError } from '../../../../src/core/sandbox/errors.ts';
import { capResult } from '../../../../src/core/sandbox/host-runner.mjs';
import { InterpreterCrash, type InterpreterOutput, type InterpreterReply, type PythonInterpreter } from '../../../../src/core/sandbox/interpreter.ts';
import { PooledPythonSandbox } from '../../../../src/core/sandbox/pool.ts';

type Script = (code: string, onOutput: (output: InterpreterOutput) => void) => Promise<InterpreterReply>;

class ScriptedInterpreter implements PythonInterpreter {
  terminated = false;
  constructor(
    readonly ready: Promise<void>,
    readonly script: Script,
  ) {
    ready.catch(() => undefined);
  }
  execute(run: { code: string }, onOutput: (output: InterpreterOutput) => void): Promise<InterpreterReply> {
    return this.script(run.code, onOutput);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const done = (result: string | null): InterpreterReply => ({ result, error: null, ms: 1, truncated: false });
const never = new Promise<InterpreterReply>(() => undefined);

function pool(script: Script, ready: () => Promise<void> = () => Promise.resolve()) {
  const spawned: ScriptedInterpreter[] = [];
  const sandbox = new PooledPythonSandbox(
    () => {
      const interpreter = new ScriptedInterpreter(ready(), script);
      spawned.push(interpreter);
      return interpreter;
    },
    { defaultTimeoutMs: 50 },
  );
  return { sandbox, spawned };
}

describe('PooledPythonSandbox', () => {
  it('stops a run at the limit, keeps what it printed, and runs the next call on the warm spare', async () => {
    const { sandbox, spawned } = pool((code, onOutput) => {
      if (code !== 'loop') return Promise.resolve(done('next'));
      onOutput({ stream: 'stdout', text: 'started\n', truncated: false });
      return never;
    });
    const started = performance.now();
    const stopped = await sandbox.run({ code: 'loop' });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(stopped.error?.type).toBe('timeout');
    expect(stopped.stdout).toBe('started\n');
    expect(spawned[0]!.terminated).toBe(true);
    // [1] was the spare loaded while the first run went on; it took over and [2] is the new spare.
    expect(spawned).toHaveLength(3);
    expect((await sandbox.run({ code: 'x' })).result).toBe('next');
    expect(spawned.map((interpreter) => interpreter.terminated)).toEqual([true, false, false]);
  });

  it('reports a crash as an error and replaces the interpreter', async () => {
    let calls = 0;
    const { sandbox, spawned } = pool(() => (++calls === 1 ? Promise.reject(new InterpreterCrash('fatal')) : Promise.resolve(done('ok'))));
    const crashed = await sandbox.run({ code: 'a' });
    expect(crashed.error).toEqual({ type: 'crashed', message: expect.stringContaining('fatal') });
    expect((await sandbox.run({ code: 'b' })).result).toBe('ok');
    expect(spawned[0]!.terminated).toBe(true);
  });

  it('rejects with SandboxError when Pyodide cannot start, and with CancelledError when stopped', async () => {
    const failing = pool(() => Promise.resolve(done(null)), () => Promise.reject(new Error('no wasm')));
    await expect(failing.sandbox.run({ code: '1' })).rejects.toBeInstanceOf(SandboxError);
    const hanging = pool(() => never);
    const controller = new AbortController();
    const run = hanging.sandbox.run({ code: '1', timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(run).rejects.toSatisfy(isCancelled);
    expect(hanging.spawned[0]!.terminated).toBe(true);
  });

  it('refuses bad limits and runs after close', async () => {
    const { sandbox } = pool(() => Promise.resolve(done(null)));
    await expect(sandbox.run({ code: '1', timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
    await sandbox.close();
    await expect(sandbox.run({ code: '1' })).rejects.toBeInstanceOf(SandboxError);
  });

  it('caps UTF-8 text on a character boundary', () => {
    expect(capResult('aé€', 4)).toEqual({ text: 'aé', truncated: true });
    expect(capResult('abc', 3)).toEqual({ text: 'abc', truncated: false });
  });
});
