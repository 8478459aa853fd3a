// State of one Python sandbox panel: the code, the limit, the run in progress and its outcome. The
// sandbox (a worker with Pyodide) is created on first use, so pages that never run Python never
// download it. PAL and ReAct labs give the panel their own PythonRunner and set `code` themselves.
import { isCancelled } from '../../core/errors.ts';
import type { PythonRunResult } from '../../core/sandbox/types.ts';
import { createBrowserPythonSandbox, type BrowserPythonSandbox } from '../../lib/python-sandbox.ts';
import { describeError } from '../describe-error.ts';

export type SandboxState = 'cold' | 'loading' | 'ready' | 'running' | 'failed';

export const EXAMPLE_PROGRAM = `def solution():
    """A baker makes 24 rolls an hour for 7 hours and sells them in bags of 6. How many bags?"""
    rolls_per_hour = 24
    hours = 7
    bags = rolls_per_hour * hours // 6
    return bags

print("bags:", solution())
solution()`;

export class PythonRunner {
  code = $state(EXAMPLE_PROGRAM);
  timeoutMs = $state(5_000);
  #state = $state<SandboxState>('cold');
  #outcome = $state<PythonRunResult | null>(null);
  #problem = $state<string | null>(null);
  #finished = $state(0);
  #spareLoading = $state(false);
  #sandbox: BrowserPythonSandbox | null = null;
  #controller: AbortController | null = null;

  get state(): SandboxState {
    return this.#state;
  }

  get outcome(): PythonRunResult | null {
    return this.#outcome;
  }

  /** Why the last run produced no outcome (stopped, or the sandbox could not start). */
  get problem(): string | null {
    return this.#problem;
  }

  /** Runs that ended so far (with an outcome or a problem): lets a view or a test see a new one arrive. */
  get finished(): number {
    return this.#finished;
  }

  /** True while the spare interpreter that takes over after a timeout is still loading. */
  get spareLoading(): boolean {
    return this.#spareLoading;
  }

  get running(): boolean {
    return this.#state === 'running';
  }

  /** Starts loading Pyodide in the background so the first Run does not wait for it. */
  warm(): void {
    if (this.#sandbox) return;
    this.#sandbox = createBrowserPythonSandbox();
    this.#state = 'loading';
    this.#sandbox.warm().then(
      () => {
        if (this.#state === 'loading') this.#state = 'ready';
        this.#watchSpare();
      },
      (error: unknown) => this.#fail(error),
    );
  }

  #watchSpare(): void {
    const sandbox = this.#sandbox;
    this.#spareLoading = true;
    void sandbox?.spareReady().then(() => {
      if (this.#sandbox === sandbox) this.#spareLoading = false;
    });
  }

  async run(): Promise<PythonRunResult | null> {
    this.warm();
    const sandbox = this.#sandbox!;
    this.#controller = new AbortController();
    this.#state = 'running';
    this.#problem = null;
    try {
      this.#outcome = await sandbox.run({ code: this.code, timeoutMs: this.timeoutMs, signal: this.#controller.signal });
      this.#state = 'ready';
      // A timeout or crash promoted the spare; the next one is loading now.
      if (this.#outcome.error?.type === 'timeout' || this.#outcome.error?.type === 'crashed') this.#watchSpare();
      return this.#outcome;
    } catch (error) {
      if (!isCancelled(error)) return this.#fail(error);
      this.#outcome = null;
      this.#problem = 'Stopped. The interpreter was restarted.';
      this.#state = 'ready';
      this.#watchSpare();
      return null;
    } finally {
      this.#controller = null;
      this.#finished += 1;
    }
  }

  stop(): void {
    this.#controller?.abort();
  }

  async dispose(): Promise<void> {
    this.stop();
    await this.#sandbox?.close();
    this.#sandbox = null;
    this.#state = 'cold';
  }

  #fail(error: unknown): null {
    this.#problem = describeError(error);
    this.#state = 'failed';
    // The next Run starts a fresh sandbox.
    void this.#sandbox?.close();
    this.#sandbox = null;
    return null;
  }
}
