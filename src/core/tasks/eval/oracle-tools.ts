// ReAct's tools with outputs supplied from the world (oracle tools): search[x] returns the summary
// paragraph of x's article (the item's own documents first, then the world: v1 article, or the v2
// article of a v2-only entity), lookup[w] the next sentence of the last found article containing w,
// python[e] the sandbox's value of e. Inputs are validated; failures come back as observations.
import type { PythonSandbox } from '../../sandbox/types.ts';
import { bodyOf } from '../react-items.ts';
import type { World } from '../world.ts';

export const REACT_ACTIONS = ['search', 'lookup', 'python', 'finish'] as const;
export const PYTHON_TIMEOUT_MS = 2000;
const MAX_INPUT = 400;

export interface ReactTools {
  /** The observation for one action (never throws for bad input: that is an observation too). */
  run(action: string, input: string): Promise<string>;
}

/** An observation that reports a failed tool call. */
export function isToolError(observation: string): boolean {
  return /^(error:|unknown action|no article about|no more results|input too long)/.test(observation);
}

function sentences(body: string): string[] {
  return body.split(/(?<=\.)\s+/).map((s) => s.trim()).filter((s) => s.length > 0);
}

export function oracleTools(documents: Readonly<Record<string, string>>, world: World | null, sandbox: PythonSandbox): ReactTools {
  const articles = new Map<string, string>();
  for (const e of [...(world?.entities ?? []), ...(world?.v2Only ?? [])]) articles.set(e.name.toLowerCase(), bodyOf(e));
  for (const [name, body] of Object.entries(documents)) articles.set(name.toLowerCase(), body);
  let current: string[] = [];
  const cursors = new Map<string, number>();
  return {
    async run(action, input) {
      const query = input.trim();
      if (query.length > MAX_INPUT) return `input too long (at most ${MAX_INPUT} characters)`;
      switch (action) {
        case 'search': {
          const body = articles.get(query.toLowerCase());
          if (body === undefined) return `no article about ${query}`;
          current = sentences(body);
          cursors.clear();
          return body.split('\n\n')[0]!.trim();
        }
        case 'lookup': {
          const word = query.toLowerCase();
          const start = cursors.get(word) ?? 0;
          const at = current.findIndex((s, i) => i >= start && s.toLowerCase().includes(word));
          if (at < 0) return 'no more results';
          cursors.set(word, at + 1);
          return current[at]!;
        }
        case 'python': {
          const run = await sandbox.run({ code: query, timeoutMs: PYTHON_TIMEOUT_MS, maxOutputBytes: 2000 });
          if (run.error) return `error: ${run.error.type}: ${run.error.message.split('\n').filter(Boolean).at(-1) ?? ''}`;
          return (run.result ?? run.stdout.trim()).split('\n')[0]!.slice(0, 200);
        }
        default:
          return `unknown action ${action} - valid actions: ${REACT_ACTIONS.join(', ')}`;
      }
    },
  };
}
