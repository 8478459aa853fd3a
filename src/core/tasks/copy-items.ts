// Copy drills: a short run of names and numbers to write back exactly. Copying names and numbers
// from the prompt is the skill small models learn last (shared/docs/facts-labs.md); these items train
// it early and measure it on its own.
import type { CopyItem, Draft } from './items.ts';
import { NameMaker } from './names.ts';
import { normalizeAnswer } from './normalize.ts';
import type { TaskRandom } from './random.ts';
import { fillTemplate } from './templates.ts';

function piece(names: NameMaker, random: TaskRandom): string {
  switch (random.between(0, 3)) {
    case 0: return names.person();
    case 1: return names.place();
    default: return String(random.between(0, 9999));
  }
}

export function copyItems(count: number, random: TaskRandom): Draft<CopyItem>[] {
  const out: Draft<CopyItem>[] = [];
  for (let i = 0; i < count; i += 1) {
    const names = new NameMaker(random);
    const text = Array.from({ length: random.between(1, 4) }, () => piece(names, random)).join(' ');
    out.push({ task: 'copy', prompt: fillTemplate('copy', text), target: ` ${text}\n`, answer: normalizeAnswer(text), tags: ['copy'], question: text, text });
  }
  return out;
}
