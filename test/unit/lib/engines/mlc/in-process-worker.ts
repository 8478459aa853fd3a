// A Worker stand-in for Node: web-llm's real WebWorkerMLCEngineHandler runs in-process and messages
// are structured-cloned and delivered asynchronously both ways, as between a page and its worker.
// Only the handler's MLCEngine GPU methods are replaced by tests (the model cannot run here).
import { WebWorkerMLCEngineHandler, type MLCEngine } from '@mlc-ai/web-llm';

export class InProcessWorker extends EventTarget {
  /** Set by web-llm's WebWorkerMLCEngine client. */
  onmessage: ((message: unknown) => void) | null = null;
  terminated = false;
  readonly handler: WebWorkerMLCEngineHandler;

  constructor() {
    super();
    const worker = this;
    this.handler = new (class extends WebWorkerMLCEngineHandler {
      override postMessage(message: unknown): void {
        const copy = structuredClone(message);
        setTimeout(() => !worker.terminated && worker.onmessage?.(copy));
      }
    })();
  }

  get engine(): MLCEngine {
    return this.handler.engine;
  }

  postMessage(message: unknown): void {
    if (this.terminated) return;
    const copy = structuredClone(message);
    setTimeout(() => !this.terminated && this.handler.onmessage(copy));
  }

  terminate(): void {
    this.terminated = true;
  }

  /** What a browser does when the worker script throws: an 'error' event on the Worker object. */
  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }

  asWorker(): Worker {
    return this as unknown as Worker;
  }
}
