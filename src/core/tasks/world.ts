// The fictional world: countries, cities, people, companies and rivers with a few attributes each
// (v1, what the model is trained on), the facts that changed in v2 (later news) and the entities
// that exist only in v2. Kept small on purpose: a ~3-5M-parameter model must memorise the v1 facts.
// Values are strings; numbers are plain digits. Pure and deterministic given the TaskRandom.
import { NameMaker } from './names.ts';
import type { TaskRandom } from './random.ts';

export type EntityKind = 'country' | 'city' | 'person' | 'company' | 'river';

export interface Entity {
  name: string;
  kind: EntityKind;
  slug: string;
  /** attribute -> value; the order of insertion is the order of the article's sentences. */
  attributes: Record<string, string>;
}

export interface FactChange {
  entity: string;
  attribute: string;
  v1: string;
  v2: string;
}

export interface World {
  seed: number;
  entities: Entity[];
  changes: FactChange[];
  v2Only: Entity[];
}

export interface WorldSize {
  countries: number;
  cities: number;
  people: number;
  companies: number;
  rivers: number;
}

/** The built-in world: 66 v1 entities. */
export const WORLD_SIZE: WorldSize = { countries: 8, cities: 20, people: 20, companies: 12, rivers: 6 };
/** Entities that news brings in v2 (never in training). */
export const V2_ONLY_SIZE: WorldSize = { countries: 0, cities: 5, people: 5, companies: 5, rivers: 1 };
/** How many v1 facts v2 changes. */
export const CHANGE_COUNT = 14;

export const OCCUPATIONS = ['engineer', 'painter', 'doctor', 'farmer', 'writer', 'teacher', 'sailor', 'judge'] as const;
export const PRODUCTS = ['ships', 'bread', 'glass', 'paper', 'lamps', 'clocks', 'salt', 'wool'] as const;

export function slugOf(name: string): string {
  return name.toLowerCase().replace(/ /g, '-');
}

function entity(name: string, kind: EntityKind): Entity {
  return { name, kind, slug: slugOf(name), attributes: {} };
}

/** The attributes in article order, per kind (also the closed-book questions' order). */
export const ATTRIBUTES: Record<EntityKind, readonly string[]> = {
  country: ['founded', 'capital', 'population', 'language'],
  city: ['country', 'founded', 'population', 'river', 'mayor'],
  person: ['born', 'birthplace', 'occupation', 'employer'],
  company: ['founded', 'founder', 'headquarters', 'employees', 'product'],
  river: ['country', 'length', 'mouth'],
};

interface Cast {
  countries: Entity[];
  cities: Entity[];
  people: Entity[];
  companies: Entity[];
  rivers: Entity[];
}

function cast(size: WorldSize, names: NameMaker): Cast {
  const make = (n: number, kind: EntityKind, name: () => string) => Array.from({ length: n }, () => entity(name(), kind));
  return {
    countries: make(size.countries, 'country', () => names.place()),
    cities: make(size.cities, 'city', () => names.place()),
    people: make(size.people, 'person', () => names.person()),
    companies: make(size.companies, 'company', () => names.place()),
    rivers: make(size.rivers, 'river', () => names.place()),
  };
}

/**
 * Fills every attribute in ATTRIBUTES order. `world` supplies the entities that new ones may refer to
 * (for v2-only entities: the v1 world); the cast's own entities are referred to first.
 */
function furnish(c: Cast, world: Cast, random: TaskRandom): void {
  const countries = c.countries.length > 0 ? c.countries : world.countries;
  const cities = [...c.cities, ...world.cities];
  const people = [...c.people, ...world.people];
  const companies = [...c.companies, ...world.companies];
  const rivers = [...c.rivers, ...world.rivers];
  const founded = new Map<string, number>();
  for (const country of c.countries) founded.set(country.name, random.between(1000, 1700));
  c.cities.forEach((city, i) => {
    const country = i < countries.length ? countries[i]! : random.pick(countries);
    const since = founded.get(country.name) ?? 1000;
    city.attributes = {
      country: country.name,
      founded: String(random.between(since + 10, Math.min(since + 500, 1950))),
      population: String(random.between(1000, 9999)),
      river: random.pick(rivers).name,
      mayor: '',
    };
  });
  for (const country of c.countries) {
    const own = c.cities.filter((city) => city.attributes.country === country.name);
    const total = own.reduce((sum, city) => sum + Number(city.attributes.population), 0);
    country.attributes = {
      founded: String(founded.get(country.name)),
      capital: (own[0] ?? random.pick(cities)).name,
      population: String(total + random.between(1000, 9000)),
      language: `${country.name}i`,
    };
  }
  // Founders are distinct people, born 20-60 years before their company.
  const founders = random.shuffle(c.people.length >= c.companies.length ? c.people : people);
  const born = new Map<string, number>();
  c.companies.forEach((company, i) => {
    const founder = founders[i % founders.length]!;
    const year = random.between(1850, 1960);
    born.set(founder.name, year);
    company.attributes = {
      founded: String(year + random.between(20, 60)),
      founder: founder.name,
      headquarters: random.pick(cities).name,
      employees: String(random.between(100, 9999)),
      product: random.pick(PRODUCTS),
    };
  });
  for (const person of c.people) {
    person.attributes = {
      born: String(born.get(person.name) ?? random.between(1850, 1990)),
      birthplace: random.pick(cities).name,
      occupation: random.pick(OCCUPATIONS),
      employer: random.pick(companies).name,
    };
  }
  for (const city of c.cities) city.attributes.mayor = random.pick(people).name;
  for (const river of c.rivers) {
    const country = random.pick(countries);
    const own = cities.filter((city) => city.attributes.country === country.name);
    river.attributes = {
      country: country.name,
      length: String(random.between(100, 3000)),
      mouth: (own.length > 0 ? random.pick(own) : random.pick(cities)).name,
    };
  }
}

function all(c: Cast): Entity[] {
  return [...c.countries, ...c.cities, ...c.people, ...c.companies, ...c.rivers];
}

/** A different value of the same kind for a changed fact. */
function changedValue(e: Entity, attribute: string, v1: Cast, random: TaskRandom): string {
  const old = e.attributes[attribute]!;
  for (;;) {
    const value = attribute === 'population' || attribute === 'employees'
      ? String(Math.max(100, Number(old) + random.between(-900, 1500)))
      : attribute === 'mayor' ? random.pick(v1.people).name
        : attribute === 'headquarters' ? random.pick(v1.cities).name
          : random.pick(v1.companies).name; // employer
    if (value !== old) return value;
  }
}

const CHANGEABLE: readonly (readonly [EntityKind, string])[] = [
  ['city', 'population'], ['city', 'mayor'], ['company', 'employees'], ['company', 'headquarters'], ['person', 'employer'], ['country', 'population'],
];

function changes(v1: Cast, count: number, random: TaskRandom): FactChange[] {
  const candidates: [Entity, string][] = [];
  for (const e of all(v1)) {
    for (const [kind, attribute] of CHANGEABLE) if (e.kind === kind) candidates.push([e, attribute]);
  }
  // One change per entity, so an entity's v2 article differs from v1 in exactly one fact.
  const seen = new Set<string>();
  const out: FactChange[] = [];
  for (const [e, attribute] of random.shuffle(candidates)) {
    if (out.length === count) break;
    if (seen.has(e.name)) continue;
    seen.add(e.name);
    out.push({ entity: e.name, attribute, v1: e.attributes[attribute]!, v2: changedValue(e, attribute, v1, random) });
  }
  return out;
}

/** A world of the given sizes. `v2Size` and `changeCount` may be zero (the small worlds of reading items). */
export function generateWorld(seed: number, random: TaskRandom, size: WorldSize = WORLD_SIZE, v2Size: WorldSize = V2_ONLY_SIZE, changeCount = CHANGE_COUNT): World {
  const names = new NameMaker(random);
  const v1 = cast(size, names);
  furnish(v1, v1, random);
  const fresh = cast(v2Size, names);
  furnish(fresh, v1, random);
  return { seed, entities: all(v1), changes: changes(v1, changeCount, random), v2Only: all(fresh) };
}

/** The entity as v2 knows it: its changed facts applied. */
export function inV2(world: World, e: Entity): Entity {
  const mine = world.changes.filter((change) => change.entity === e.name);
  if (mine.length === 0) return e;
  const attributes = { ...e.attributes };
  for (const change of mine) attributes[change.attribute] = change.v2;
  return { ...e, attributes };
}
