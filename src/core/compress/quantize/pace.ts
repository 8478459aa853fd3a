// Gives the event loop a turn between tensors, but only every PACE_MS of work: a turn costs at
// least 1 ms under Node's setTimeout and 4 ms once browser timers nest, which at one per tensor was
// a sizeable share of a q4 step. A MessageChannel message is a task with no such clamp, so it is
// used where it exists. Cancellation is still seen within about PACE_MS plus one tensor.
import { yieldToEventLoop } from '../cancel.ts';

export const PACE_MS = 50;

/** Resolves on the next task: a MessageChannel round trip where available, else setTimeout(0). */
function nextTask(): Promise<void> {
  if (typeof MessageChannel !== 'function') return yieldToEventLoop();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export class Pacer {
  #last = performance.now();

  /** Yields when PACE_MS have passed since the last yield. */
  async turn(): Promise<void> {
    if (performance.now() - this.#last < PACE_MS) return;
    await nextTask();
    this.#last = performance.now();
  }
}
