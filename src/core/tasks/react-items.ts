// Two-hop questions (two facts and one arithmetic step) with their ReAct traces: search[...] for
// each entity, lookup[...] when the fact is not in the summary, python[...] for the arithmetic and
// finish[...]. Each item carries the articles its oracle tools read. Train and validation draw
// fresh small worlds from their own streams (so the observations must be copied, not remembered)
// plus some v1 pairs (one in eight); test pairs v2-only entities (names the model never saw) with unchanged v1 ones.
import { detailAttributes, sentenceOf, summaryOf } from './documents.ts';
import type { Draft, ReactItem, ReactStep, Split } from './items.ts';
import { normalizeAnswer } from './normalize.ts';
import type { TaskRandom } from './random.ts';
import { fillTemplate } from './templates.ts';
import { generateWorld, type Entity, type World, type WorldSize } from './world.ts';

const SMALL_WORLD: WorldSize = { countries: 2, cities: 4, people: 4, companies: 3, rivers: 1 };
const NONE: WorldSize = { countries: 0, cities: 0, people: 0, companies: 0, rivers: 0 };
const ITEMS_PER_SMALL_WORLD = 6;
const KINDS: readonly ReactItem['kind'][] = ['founded-gap', 'age-at-founding', 'population-gap', 'employees-total'];

/** The article body the oracle tools read: summary paragraph, blank line, details. */
export function bodyOf(e: Entity): string {
  return `${summaryOf(e)}\n\n${detailAttributes(e).map((a) => sentenceOf(e, a)).join(' ')}`;
}

const search = (thought: string, e: Entity): ReactStep => ({ thought, action: 'search', input: e.name, observation: summaryOf(e) });
const lookup = (e: Entity, word: string, attribute: string): ReactStep => ({ thought: `I look up ${word}.`, action: 'lookup', input: word, observation: sentenceOf(e, attribute) });

function arithmetic(thought: string, expression: string, value: number): ReactStep[] {
  return [
    { thought, action: 'python', input: expression, observation: String(value) },
    { thought: 'I have the answer.', action: 'finish', input: String(value), observation: '' },
  ];
}

interface Plan { question: string; entities: [Entity, Entity]; trace: ReactStep[] }

function plan(kind: ReactItem['kind'], a: Entity, b: Entity): Plan {
  const n = (e: Entity, attribute: string) => Number(e.attributes[attribute]);
  switch (kind) {
    case 'founded-gap': return {
      question: `How many years after ${a.name} was founded was ${b.name} founded?`, entities: [a, b],
      trace: [search(`I need the year ${a.name} was founded.`, a), search(`I need the year ${b.name} was founded.`, b),
        ...arithmetic('I subtract the years.', `${n(b, 'founded')} - ${n(a, 'founded')}`, n(b, 'founded') - n(a, 'founded'))],
    };
    case 'age-at-founding': return {
      question: `How old was the founder of ${a.name} when ${a.name} was founded?`, entities: [a, b],
      trace: [search(`I need the founder of ${a.name} and the year it was founded.`, a), search(`I need the year ${b.name} was born.`, b),
        ...arithmetic('I subtract the years.', `${n(a, 'founded')} - ${n(b, 'born')}`, n(a, 'founded') - n(b, 'born'))],
    };
    case 'population-gap': return {
      question: `How many more people live in ${a.name} than in ${b.name}?`, entities: [a, b],
      trace: [search(`I need the population of ${a.name}.`, a), lookup(a, 'people', 'population'), search(`I need the population of ${b.name}.`, b), lookup(b, 'people', 'population'),
        ...arithmetic('I subtract the populations.', `${n(a, 'population')} - ${n(b, 'population')}`, n(a, 'population') - n(b, 'population'))],
    };
    case 'employees-total': return {
      question: `How many employees do ${a.name} and ${b.name} have together?`, entities: [a, b],
      trace: [search(`I need the employees of ${a.name}.`, a), lookup(a, 'employees', 'employees'), search(`I need the employees of ${b.name}.`, b), lookup(b, 'employees', 'employees'),
        ...arithmetic('I add the numbers.', `${n(a, 'employees')} + ${n(b, 'employees')}`, n(a, 'employees') + n(b, 'employees'))],
    };
  }
}

/** Two entities fit for the kind (ordered so differences are positive), or null. */
function pair(kind: ReactItem['kind'], pool: readonly Entity[], everyone: readonly Entity[], random: TaskRandom): [Entity, Entity] | null {
  const a = random.pick(pool);
  if (kind === 'age-at-founding') {
    const founder = everyone.find((e) => e.name === a.attributes.founder);
    return a.kind === 'company' && founder ? [a, founder] : null;
  }
  const attribute = kind === 'founded-gap' ? 'founded' : kind === 'population-gap' ? 'population' : 'employees';
  const b = random.pick(everyone);
  if (a.name === b.name || a.attributes[attribute] === undefined || b.attributes[attribute] === undefined) return null;
  if (kind === 'employees-total') return a.kind === 'company' && b.kind === 'company' ? [a, b] : null;
  const [x, y] = [Number(a.attributes[attribute]), Number(b.attributes[attribute])];
  if (x === y) return null;
  const lowFirst = kind === 'founded-gap';
  return (x < y) === lowFirst ? [a, b] : [b, a];
}

function reactDraft(kind: ReactItem['kind'], p: Plan, tags: string[]): Draft<ReactItem> {
  const target = p.trace.map((s) => `Thought: ${s.thought}\nAction: ${s.action}[${s.input}]\n${s.action === 'finish' ? '' : `Observation: ${s.observation}\n`}`).join('');
  const answer = p.trace.at(-1)!.input;
  const documents = Object.fromEntries(p.entities.map((e) => [e.name, bodyOf(e)]));
  return { task: 'react', prompt: fillTemplate('react', p.question), target, answer: normalizeAnswer(answer), tags: ['two-hop', kind, ...tags], question: p.question,
    entities: [p.entities[0].name, p.entities[1].name], kind, trace: p.trace, documents };
}

function drawn(pool: readonly Entity[], everyone: readonly Entity[], random: TaskRandom, tags: string[], mustInclude?: ReadonlySet<string>): Draft<ReactItem> {
  for (;;) {
    const kind = random.pick(KINDS);
    const entities = pair(kind, pool, everyone, random);
    if (!entities) continue;
    if (mustInclude && !entities.some((e) => mustInclude.has(e.name))) continue;
    return reactDraft(kind, plan(kind, ...entities), tags);
  }
}

export function reactItems(world: World, split: Split, count: number, random: TaskRandom): Draft<ReactItem>[] {
  const changed = new Set(world.changes.map((c) => c.entity));
  const stable = world.entities.filter((e) => !changed.has(e.name));
  const out: Draft<ReactItem>[] = [];
  if (split === 'test') {
    // Few v2-only entities: draw until `count` distinct questions (or give up after many repeats).
    const fresh = new Set(world.v2Only.map((e) => e.name));
    const seen = new Set<string>();
    for (let tries = 0; out.length < count && tries < count * 50; tries += 1) {
      const item = drawn(world.v2Only, [...world.v2Only, ...stable], random, ['fresh'], fresh);
      if (!seen.has(item.prompt)) out.push(item);
      seen.add(item.prompt);
    }
    return out;
  }
  let small: World | null = null;
  for (let i = 0; i < count; i += 1) {
    if (i % 8 === 7) {
      out.push(drawn(stable, stable, random, []));
      continue;
    }
    if (small === null || i % ITEMS_PER_SMALL_WORLD === 0) small = generateWorld(0, random, SMALL_WORLD, NONE, 0);
    out.push(drawn(small.entities, small.entities, random, []));
  }
  return out;
}
