// Mutations of parsed JSON for the fuzzer: a value anywhere in the tree replaced by one of the wrong
// type or an extreme number, a key deleted, prototype-polluting keys, huge arrays, deep nesting.
import type { SeededRandom } from '../../src/core/models/seeded-random.ts';
import { pickOne } from './mutations.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function deep(depth: number): Json {
  let value: Json = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const WEIRD_VALUES: readonly (() => Json)[] = [
  () => null, () => true, () => 0, () => -1, () => 0.5, () => 1e308, () => -1e308, () => 2 ** 53 + 2, () => 2 ** 31,
  () => '', () => '32', () => 'NaN', () => '<img src=x onerror=window.__pwned=1>', () => 'x'.repeat(100_000),
  () => [], () => [1, 2, 3], () => ({}), () => ({ length: 1e9 }), () => Array(10_000).fill(7), () => deep(20_000),
];

/** Every container path of the tree (up to 2,000), root first. */
function containers(root: Json): Array<Json[] | Record<string, Json>> {
  const found: Array<Json[] | Record<string, Json>> = [];
  const queue: Json[] = [root];
  while (queue.length && found.length < 2_000) {
    const value = queue.shift()!;
    if (value === null || typeof value !== 'object') continue;
    found.push(value);
    queue.push(...(Array.isArray(value) ? value : Object.values(value)));
  }
  return found;
}

/**
 * Mutates `root` (a fresh parse) 1-3 times in place and returns it with the mutation's name.
 * `shallow` keeps nesting within what JSON.stringify can serialize (for targets that take text;
 * they get deep nesting as text from `deepJsonText` instead).
 */
export function mutateJson(root: Json, random: SeededRandom, shallow = false): { value: Json; mutation: string } {
  const weird = (): Json => {
    const value = pickOne(WEIRD_VALUES, random)();
    return shallow && Array.isArray(value) && value.length === 1 ? deep(500) : value;
  };
  const names: string[] = [];
  let value = root;
  for (let n = 1 + random.int(3); n > 0; n--) {
    const all = containers(value);
    if (all.length === 0 || random.next() < 0.03) {
      names.push('root');
      value = weird();
      continue;
    }
    const target = pickOne(all, random);
    const keys = Object.keys(target);
    const key = keys.length ? pickOne(keys, random) : '0';
    const action = random.int(4);
    if (action === 0 && !Array.isArray(target)) {
      delete target[key];
      names.push('delete');
    } else if (action === 1 && !Array.isArray(target)) {
      target[pickOne(['__proto__', 'constructor', 'toString', 'hasOwnProperty'], random)] = weird();
      names.push('prototypeKey');
    } else {
      (target as Record<string, Json>)[key] = weird();
      names.push('replace');
    }
  }
  return { value, mutation: names.join('+') };
}

/** `text` with one value replaced by 100,000 nested lists, as text (never built as objects). */
export function deepJsonText(text: string, random: SeededRandom): string {
  const colons = [...text.matchAll(/":/g)].map((match) => match.index + 2);
  const at = colons.length ? pickOne(colons, random) : 0;
  const end = text.slice(at).search(/[,}]/);
  return `${text.slice(0, at)}${'['.repeat(100_000)}${']'.repeat(100_000)}${end < 0 ? '' : text.slice(at + end)}`;
}

export type { Json };
