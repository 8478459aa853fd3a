// Word problems as two items each: `direct` (write the number) and `pal` (write the program). Both
// forms of one problem share its numbers, so direct and PAL accuracy compare on the same items.
import { makeProblem, programOf } from './arithmetic.ts';
import type { ArithmeticItem, Draft } from './items.ts';
import { NameMaker } from './names.ts';
import { normalizeAnswer } from './normalize.ts';
import type { TaskRandom } from './random.ts';
import { fillTemplate } from './templates.ts';

/** `count` problems, returned as [direct, pal] pairs in order. */
export function arithmeticItems(count: number, random: TaskRandom): Draft<ArithmeticItem>[] {
  const out: Draft<ArithmeticItem>[] = [];
  for (let i = 0; i < count; i += 1) {
    const names = new NameMaker(random);
    const problem = makeProblem(random, names.given(), names.given());
    const program = programOf(problem);
    const answer = String(problem.answer);
    const shared = { answer: normalizeAnswer(answer), tags: [`steps-${problem.steps}`], question: problem.question, steps: problem.steps, program, numbers: problem.quantities.map(([, value]) => value) };
    out.push({ task: 'direct', prompt: fillTemplate('direct', problem.question), target: ` ${answer}\n`, ...shared });
    out.push({ task: 'pal', prompt: fillTemplate('pal', problem.question), target: `${program}\n\n`, ...shared, tags: [...shared.tags] });
  }
  return out;
}
