// One web-llm worker's lifetime. web-llm's client never settles its pending promises when the worker
// dies or is terminated, so every wait on it is raced against `ended`, which rejects when the worker
// crashes or is stopped (terminating it is the only way to stop a download or a kernel mid-run).
import { CancelledError } from '../../../core/errors.ts';
import { EngineError } from '../../../core/engines/errors.ts';

export class WorkerSession {
  readonly worker: Worker;
  /** Rejects once: when the worker reports an uncaught error or `stop` is called. */
  readonly ended: Promise<never>;
  #end!: (reason: Error) => void;
  #stopped = false;

  constructor(worker: Worker) {
    this.worker = worker;
    this.ended = new Promise<never>((_, reject) => (this.#end = reject));
    // Nobody may be waiting when it ends; the rejection is still observed by later races.
    this.ended.catch(() => undefined);
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.stop(new EngineError(`The web-llm worker stopped: ${event.message || 'its script failed to load'}. Load the model again; if it keeps failing, reload the page.`));
    });
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Terminates the worker (freeing its GPU device and buffers) and fails every wait with `reason`. */
  stop(reason: Error = new CancelledError('Stopped: the web-llm worker was terminated.')): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.worker.terminate();
    this.#end(reason);
  }

  /** `work`, unless the worker ends first; with a signal, aborting stops the worker and rejects CancelledError. */
  race<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
    if (!signal) return Promise.race([work, this.ended]);
    if (signal.aborted) {
      this.stop(new CancelledError());
      return Promise.race([work, this.ended]);
    }
    const onAbort = () => this.stop(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    return Promise.race([work, this.ended]).finally(() => signal.removeEventListener('abort', onAbort));
  }
}
