// Turns any thrown value into a sentence for the UI: LabError messages are already written for
// people; anything else gets a generic lead so a raw stack trace never reaches the screen.
import { LabError } from '../core/errors.ts';

export function describeError(error: unknown): string {
  if (error instanceof LabError) return error.message;
  if (error instanceof Error) {
    if (error.name === 'AbortError') return 'Cancelled.';
    return `Something went wrong: ${error.message.split('\n')[0]}`;
  }
  return `Something went wrong: ${String(error)}`;
}
