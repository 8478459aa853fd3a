// `llm-lab python` spawned as a user runs it: --json prints the PythonRunResult of a program that
// prints, returns a value and writes to stderr; a failing program exits 1 with its traceback on
// stderr; a bad --timeout-ms is refused before any Python loads.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function llmLab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/llm-lab.mjs', ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('llm-lab python', () => {
  it('--json prints stdout, stderr, the last value and the time', async () => {
    const outcome = await llmLab('python', '--code', 'import sys\nprint(sum(range(10)))\nprint("warn", file=sys.stderr)\n6 * 7', '--json');
    expect(outcome.code, outcome.stderr).toBe(0);
    const result = JSON.parse(outcome.stdout);
    expect(result).toMatchObject({ stdout: '45\n', stderr: 'warn\n', result: '42', error: null, truncated: false });
    expect(result.ms).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('text mode: a failing program exits 1 with its traceback on stderr', async () => {
    const outcome = await llmLab('python', '--code', 'print("before")\n1 / 0', '--timeout-ms', '5000');
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('before\n');
    expect(outcome.stderr).toMatch(/ZeroDivisionError: division by zero/);
    expect(outcome.stderr).toMatch(/llm-lab: the program ended with a runtime error/);
  }, 120_000);

  it('a bad limit is refused before Python loads', async () => {
    const bad = await llmLab('python', '--code', '1', '--timeout-ms', 'soon');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--timeout-ms must be a positive integer/);
  });
});
