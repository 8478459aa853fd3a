// GSM8K-style word problems of 2-4 steps with quantities up to 4 digits. Each schema draws its
// numbers (keeping every intermediate value a non-negative integer and every division exact) and
// yields the question, the PAL program's variables and lines, and the answer computed here in TS.
import type { TaskRandom } from './random.ts';

export interface Problem {
  question: string;
  /** One variable per quantity of the question, named after what it means, in question order. */
  quantities: [string, number][];
  /** The computation after the quantities, ending in `result = ...`. */
  lines: string[];
  answer: number;
  steps: number;
}

type Schema = (r: TaskRandom, who: string, other: string) => Problem;
// Schemas that need no second name ignore `other`; the train schema uses `who` as a station name.

const THINGS = ['apples', 'stamps', 'marbles', 'shells', 'cards', 'beads', 'coins', 'eggs'] as const;

const SCHEMAS: readonly Schema[] = [
  (r, who) => {
    const thing = r.pick(THINGS);
    const [has, bought] = [r.between(10, 5000), r.between(10, 4000)];
    const given = r.between(1, has + bought);
    return { question: `${who} has ${has} ${thing}. ${who} buys ${bought} more and gives away ${given}. How many ${thing} does ${who} have now?`,
      quantities: [[thing, has], ['bought', bought], ['given', given]], lines: [`result = ${thing} + bought - given`], answer: has + bought - given, steps: 2 };
  },
  (r, who) => {
    const thing = r.pick(THINGS);
    const [boxes, perBox] = [r.between(2, 99), r.between(2, 99)];
    const used = r.between(1, boxes * perBox);
    return { question: `${who} buys ${boxes} boxes of ${thing}. Each box holds ${perBox} ${thing}. ${who} uses ${used} ${thing}. How many ${thing} are left?`,
      quantities: [['boxes', boxes], ['per_box', perBox], ['used', used]], lines: [`total = boxes * per_box`, `result = total - used`], answer: boxes * perBox - used, steps: 2 };
  },
  (r, people) => {
    const [getOff, onBoard] = [r.between(1, 900), r.between(1, 900)];
    const riders = r.between(getOff, 9999);
    return { question: `A train carries ${riders} people. At ${people} station ${getOff} people get off and ${onBoard} get on. How many people are on the train now?`,
      quantities: [['riders', riders], ['got_off', getOff], ['got_on', onBoard]], lines: ['result = riders - got_off + got_on'], answer: riders - getOff + onBoard, steps: 2 };
  },
  (r, who, other) => {
    const [price, mine, theirs] = [r.between(2, 999), r.between(1, 99), r.between(1, 99)];
    return { question: `A shop sells lamps for ${price} coins each. ${who} buys ${mine} lamps and ${other} buys ${theirs} lamps. How many coins do they pay in total?`,
      quantities: [['price', price], ['lamps_first', mine], ['lamps_second', theirs]], lines: ['lamps = lamps_first + lamps_second', 'result = lamps * price'], answer: price * (mine + theirs), steps: 2 };
  },
  (r, who) => {
    const [daily, days] = [r.between(10, 300), r.between(2, 30)];
    const earned = daily * days;
    const rent = r.between(1, Math.floor(earned / 2));
    const food = r.between(1, earned - rent);
    return { question: `${who} earns ${daily} coins a day for ${days} days. ${who} pays ${rent} coins for rent and ${food} coins for food. How many coins are left?`,
      quantities: [['daily_pay', daily], ['days', days], ['rent', rent], ['food', food]], lines: ['earned = daily_pay * days', 'result = earned - rent - food'], answer: earned - rent - food, steps: 3 };
  },
  (r, who) => {
    const [size, boxes, extra] = [r.between(2, 50), r.between(2, 199), r.between(1, 999)];
    const items = size * boxes;
    return { question: `${who} packs ${items} cups into boxes of ${size}. Then ${who} adds ${extra} more boxes. How many boxes are there?`,
      quantities: [['cups', items], ['box_size', size], ['extra_boxes', extra]], lines: ['packed = cups // box_size', 'result = packed + extra_boxes'], answer: boxes + extra, steps: 2 };
  },
  (r, who) => {
    const [monday, tuesday, wednesday] = [r.between(10, 900), r.between(10, 900), r.between(10, 900)];
    const pages = monday + tuesday + wednesday + r.between(0, 5000);
    return { question: `A book has ${pages} pages. ${who} reads ${monday} pages on Monday, ${tuesday} on Tuesday and ${wednesday} on Wednesday. How many pages are left?`,
      quantities: [['pages', pages], ['monday', monday], ['tuesday', tuesday], ['wednesday', wednesday]], lines: ['read = monday + tuesday + wednesday', 'result = pages - read'], answer: pages - monday - tuesday - wednesday, steps: 3 };
  },
  (r) => {
    const [fields, trees, apples] = [r.between(2, 20), r.between(2, 50), r.between(2, 40)];
    const sold = r.between(1, Math.min(9999, fields * trees * apples));
    return { question: `A farm has ${fields} fields with ${trees} trees each. Each tree gives ${apples} apples. The farm sells ${sold} apples. How many apples are left?`,
      quantities: [['fields', fields], ['trees_per_field', trees], ['apples_per_tree', apples], ['sold', sold]],
      lines: ['trees = fields * trees_per_field', 'apples = trees * apples_per_tree', 'result = apples - sold'], answer: fields * trees * apples - sold, steps: 3 };
  },
  (r, who) => {
    const [pens, penPrice, books, bookPrice] = [r.between(1, 30), r.between(1, 99), r.between(1, 20), r.between(10, 300)];
    const cost = pens * penPrice + books * bookPrice;
    const paid = cost + r.between(0, 9999 - cost);
    return { question: `${who} buys ${pens} pens at ${penPrice} coins each and ${books} books at ${bookPrice} coins each. ${who} pays with ${paid} coins. How much change does ${who} get?`,
      quantities: [['pens', pens], ['pen_price', penPrice], ['books', books], ['book_price', bookPrice], ['paid', paid]],
      lines: ['pen_cost = pens * pen_price', 'book_cost = books * book_price', 'result = paid - pen_cost - book_cost'], answer: paid - cost, steps: 4 };
  },
  (r) => {
    const [classes, students, team] = [r.between(2, 40), r.between(10, 40), r.between(2, 12)];
    const teams = r.between(1, Math.floor((classes * students) / team));
    const absent = classes * students - teams * team;
    return { question: `A school has ${classes} classes of ${students} students. ${absent} students are away. The others form teams of ${team}. How many teams are there?`,
      quantities: [['classes', classes], ['students_per_class', students], ['away', absent], ['team_size', team]],
      lines: ['students = classes * students_per_class', 'present = students - away', 'result = present // team_size'], answer: teams, steps: 3 };
  },
  (r, who) => {
    const [jars, perJar, bags] = [r.between(2, 60), r.between(10, 99), r.between(2, 9)];
    const total = jars * perJar;
    const eaten = r.between(1, Math.min(999, total - bags));
    const rest = total - eaten - ((total - eaten) % bags);
    const used = total - rest;
    return { question: `${who} has ${jars} jars with ${perJar} beads each. ${who} loses ${used} beads and puts the rest into ${bags} equal bags. How many beads are in each bag?`,
      quantities: [['jars', jars], ['beads_per_jar', perJar], ['lost', used], ['bags', bags]],
      lines: ['beads = jars * beads_per_jar', 'kept = beads - lost', 'result = kept // bags'], answer: rest / bags, steps: 3 };
  },
  (r, who) => {
    const [weeks, perWeek, bonus, spent] = [r.between(2, 52), r.between(10, 150), r.between(1, 999), r.between(1, 999)];
    const saved = weeks * perWeek + bonus;
    const cost = Math.min(spent, saved);
    const friends = r.between(2, 5);
    const left = saved - cost;
    const share = left - (left % friends);
    return { question: `${who} saves ${perWeek} coins a week for ${weeks} weeks and gets a gift of ${bonus} coins. ${who} spends ${cost + (left - share)} coins and shares the rest equally with ${friends} friends. How many coins does each friend get?`,
      quantities: [['per_week', perWeek], ['weeks', weeks], ['gift', bonus], ['spent', cost + (left - share)], ['friends', friends]],
      lines: ['saved = per_week * weeks + gift', 'rest = saved - spent', 'result = rest // friends'], answer: share / friends, steps: 4 };
  },
];

export function makeProblem(r: TaskRandom, who: string, other: string): Problem {
  return r.pick(SCHEMAS)(r, who, other);
}

/** The PAL program: quantities, computation, `return result` (four-space indents). */
export function programOf(problem: Problem): string {
  const body = [...problem.quantities.map(([name, value]) => `${name} = ${value}`), ...problem.lines, 'return result'];
  return ['def solution():', ...body.map((line) => `    ${line}`)].join('\n');
}
