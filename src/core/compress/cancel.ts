// Giving the event loop a turn between long synchronous pieces of work, so that a worker can
// receive a cancel message (and a UI repaint can happen) while a compression runs.

/** Resolves on the next macrotask. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
