// Reading items: instruction + passage(s) + question -> the answer copied from a passage, or
// "not in the documents" when no passage holds it. Most items come from small throw-away worlds drawn
// from the split's own stream (fresh names and numbers, so copying is what is learned and measured);
// some use the v1 world; the test split adds the gold v2 passages of changed facts and questions
// about v2-only entities that the given passage cannot answer.
import { detailAttributes, passageOf } from './documents.ts';
import { normalizeAnswer } from './normalize.ts';
import { questionFor, TRAIN_WORDINGS } from './questions.ts';
import type { TaskRandom } from './random.ts';
import { fillTemplate, NOT_IN_DOCUMENTS } from './templates.ts';
import type { Draft, ReadingItem, Split } from './items.ts';
import { generateWorld, inV2, type Entity, type World, type WorldSize } from './world.ts';

const SMALL_WORLD: WorldSize = { countries: 2, cities: 4, people: 4, companies: 3, rivers: 1 };
const NONE: WorldSize = { countries: 0, cities: 0, people: 0, companies: 0, rivers: 0 };
const ITEMS_PER_SMALL_WORLD = 8;
/** Share of items whose passages lack the answer. */
const ABSENT_SHARE = 0.25;

function readingDraft(e: Entity, attribute: string, documents: string[], answer: string, tags: string[], wording: number): Draft<ReadingItem> {
  const question = questionFor(attribute, e.name, wording);
  return { task: 'reading', prompt: fillTemplate('reading', question, documents), target: ` ${answer}\n`, answer: normalizeAnswer(answer), tags, question, entity: e.name, attribute, documents };
}

function other(pool: readonly Entity[], not: Entity, random: TaskRandom): Entity {
  for (;;) {
    const e = random.pick(pool);
    if (e.name !== not.name) return e;
  }
}

/** One item about an entity of `pool`: present (maybe with a distractor) or absent (other entity, or the sentence left out). */
function itemFrom(pool: readonly Entity[], split: Split, random: TaskRandom): Draft<ReadingItem> {
  const e = random.pick(pool);
  const attribute = random.pick(Object.keys(e.attributes));
  const wording = split === 'test' ? random.between(0, 3) : random.pick(TRAIN_WORDINGS);
  const distractor = random.chance(0.5) ? [passageOf(other(pool, e, random))] : [];
  if (!random.chance(ABSENT_SHARE)) {
    const documents = random.shuffle([passageOf(e), ...distractor]);
    return readingDraft(e, attribute, documents, e.attributes[attribute]!, ['present'], wording);
  }
  const canOmit = detailAttributes(e).includes(attribute);
  const lacking = canOmit && random.chance(0.5) ? passageOf(e, attribute) : passageOf(other(pool, e, random));
  return readingDraft(e, attribute, random.shuffle([lacking, ...distractor]), NOT_IN_DOCUMENTS, ['absent'], wording);
}

/** The test split's extras: each changed fact with its gold v2 passage, and v2-only entities asked of v1 passages. */
function v2Items(world: World, random: TaskRandom): Draft<ReadingItem>[] {
  const out: Draft<ReadingItem>[] = [];
  for (const change of world.changes) {
    const e = inV2(world, world.entities.find((x) => x.name === change.entity)!);
    for (const withDistractor of [false, true]) {
      const extra = withDistractor ? [passageOf(other(world.entities, e, random))] : [];
      out.push(readingDraft(e, change.attribute, random.shuffle([passageOf(e), ...extra]), change.v2, ['present', 'gold-v2'], random.between(0, 3)));
    }
  }
  for (const e of world.v2Only) {
    const attribute = random.pick(Object.keys(e.attributes));
    out.push(readingDraft(e, attribute, [passageOf(random.pick(world.entities))], NOT_IN_DOCUMENTS, ['absent', 'v2-only'], random.between(0, 3)));
  }
  return out;
}

export function readingItems(world: World, split: Split, count: number, random: TaskRandom): Draft<ReadingItem>[] {
  const out: Draft<ReadingItem>[] = [];
  let small: World | null = null;
  for (let i = 0; i < count; i += 1) {
    // One item in five on the v1 world in train and validation (facts the model also memorises).
    if (split !== 'test' && i % 5 === 4) {
      out.push(itemFrom(world.entities, split, random));
      continue;
    }
    if (small === null || i % ITEMS_PER_SMALL_WORLD === 0) small = generateWorld(0, random, SMALL_WORLD, NONE, 0);
    out.push(itemFrom(small.entities, split, random));
  }
  return split === 'test' ? [...out, ...v2Items(world, random)] : out;
}
