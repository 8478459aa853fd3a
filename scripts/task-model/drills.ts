// Copy drills: short synthetic items whose only skill is copying names and numbers from the prompt
// (the skill a small model learns last, and the one reading, PAL and ReAct all rest on). Words are
// the world's own capitalised words, numbers have 1-4 digits; seeded, so the same seed gives the
// same drills.
import { SeededRandom } from '../../src/core/models/seeded-random.ts';

export interface Drill {
  kind: 'drill-copy' | 'drill-lookup';
  prompt: string;
  target: string;
}

/** Distinct capitalised words of the text, sorted (the world's names and name pieces). */
export function worldNames(text: string): string[] {
  const names = new Set(text.match(/\b[A-Z][a-z]{2,}\b/g) ?? []);
  return [...names].sort();
}

function number(random: SeededRandom): string {
  const digits = 1 + random.int(4);
  const low = digits === 1 ? 0 : 10 ** (digits - 1);
  return String(low + random.int(10 ** digits - low));
}

function token(random: SeededRandom, names: readonly string[]): string {
  return random.next() < 0.5 ? number(random) : names[random.int(names.length)]!;
}

function copyDrill(random: SeededRandom, names: readonly string[]): Drill {
  const words = Array.from({ length: 2 + random.int(6) }, () => token(random, names)).join(' ');
  return { kind: 'drill-copy', prompt: `Copy the text exactly.\nText: ${words}\nCopy:`, target: ` ${words}` };
}

function lookupDrill(random: SeededRandom, names: readonly string[]): Drill {
  const count = Math.min(2 + random.int(4), names.length);
  const keys = new Set<string>();
  while (keys.size < count) keys.add(names[random.int(names.length)]!);
  const pairs = [...keys].map((key) => [key, token(random, names)] as const);
  const [key, value] = pairs[random.int(pairs.length)]!;
  const facts = pairs.map(([k, v]) => `${k} is ${v}.`).join(' ');
  return { kind: 'drill-lookup', prompt: `Answer from the facts.\nFacts: ${facts}\nQuestion: What is ${key}?\nAnswer:`, target: ` ${value}` };
}

export function makeDrills(count: number, names: readonly string[], seed: number): Drill[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? copyDrill(random, names) : lookupDrill(random, names)));
}
