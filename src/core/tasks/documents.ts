// Encyclopedia-style articles of the world's entities. An article is a heading, a summary paragraph
// (what the entity is, where, and when it was founded or born: what ReAct's search returns) and one
// sentence per remaining attribute. Reading passages and the pre-training corpus use the same sentences.
import type { Entity } from './world.ts';

/** Attributes stated in the summary paragraph, per kind; the rest get a sentence each. */
const SUMMARY_ATTRIBUTES: Record<Entity['kind'], readonly string[]> = {
  country: ['founded'],
  city: ['country', 'founded'],
  person: ['born', 'birthplace'],
  company: ['founded', 'founder'],
  river: ['country'],
};

export function summaryOf(e: Entity): string {
  const a = e.attributes;
  switch (e.kind) {
    case 'country': return `${e.name} is a country. It was founded in ${a.founded}.`;
    case 'city': return `${e.name} is a city in ${a.country}. It was founded in ${a.founded}.`;
    case 'person': return `${e.name} is a person born in ${a.born} in ${a.birthplace}.`;
    case 'company': return `${e.name} is a company founded in ${a.founded} by ${a.founder}.`;
    case 'river': return `${e.name} is a river in ${a.country}.`;
  }
}

/** The sentence that states one attribute (outside the summary). */
export function sentenceOf(e: Entity, attribute: string): string {
  const n = e.name;
  const v = e.attributes[attribute];
  switch (attribute) {
    case 'capital': return `The capital of ${n} is ${v}.`;
    case 'population': return `${n} has ${v} people.`;
    case 'language': return `The language of ${n} is ${v}.`;
    case 'river': return `${n} lies on the river ${v}.`;
    case 'mayor': return `The mayor of ${n} is ${v}.`;
    case 'occupation': return `${n} works as a ${v}.`;
    case 'employer': return `The employer of ${n} is ${v}.`;
    case 'headquarters': return `The headquarters of ${n} are in ${v}.`;
    case 'employees': return `${n} has ${v} employees.`;
    case 'product': return `${n} makes ${v}.`;
    case 'length': return `${n} is ${v} km long.`;
    case 'mouth': return `${n} flows into the sea at ${v}.`;
    default: throw new Error(`No sentence for attribute ${attribute}`);
  }
}

/** The attributes stated outside the summary, in article order. */
export function detailAttributes(e: Entity): string[] {
  const inSummary = SUMMARY_ATTRIBUTES[e.kind];
  return Object.keys(e.attributes).filter((attribute) => !inSummary.includes(attribute));
}

export function isInSummary(e: Entity, attribute: string): boolean {
  return SUMMARY_ATTRIBUTES[e.kind].includes(attribute);
}

/** The article body as one line (summary then details): what a reading passage shows. */
export function passageOf(e: Entity, without?: string): string {
  const details = detailAttributes(e).filter((attribute) => attribute !== without).map((attribute) => sentenceOf(e, attribute));
  return [summaryOf(e), ...details].join(' ');
}

/** The markdown article: heading, summary paragraph, details paragraph. */
export function articleOf(e: Entity): string {
  const details = detailAttributes(e).map((attribute) => sentenceOf(e, attribute)).join(' ');
  return `# ${e.name}\n\n${summaryOf(e)}\n\n${details}\n`;
}
