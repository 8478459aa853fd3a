// Closed-book items: the world's facts asked without documents. Train asks every v1 fact in the
// training wordings; validation and test in held-out wordings; test adds the v2-only entities (the
// model never saw them: any answer but an abstention is made up) and tags facts v2 changed.
import { normalizeAnswer } from './normalize.ts';
import { questionFor, TEST_WORDING, TRAIN_WORDINGS, VALIDATION_WORDING } from './questions.ts';
import { fillTemplate } from './templates.ts';
import type { ClosedItem, Draft, Split } from './items.ts';
import type { Entity, World } from './world.ts';

function closedDraft(e: Entity, attribute: string, wording: number, tags: string[], v2Answer?: string): Draft<ClosedItem> {
  const value = e.attributes[attribute]!;
  const question = questionFor(attribute, e.name, wording);
  const draft: Draft<ClosedItem> = { task: 'closed', prompt: fillTemplate('closed', question), target: ` ${value}\n`, answer: normalizeAnswer(value), tags, question, entity: e.name, attribute };
  if (v2Answer !== undefined) draft.v2Answer = normalizeAnswer(v2Answer);
  return draft;
}

export function closedItems(world: World, split: Split): Draft<ClosedItem>[] {
  const wordings = split === 'train' ? [...TRAIN_WORDINGS] : [split === 'validation' ? VALIDATION_WORDING : TEST_WORDING];
  const heldOut = split === 'train' ? [] : ['held-out-phrasing'];
  const out: Draft<ClosedItem>[] = [];
  for (const e of world.entities) {
    for (const attribute of Object.keys(e.attributes)) {
      const change = world.changes.find((c) => c.entity === e.name && c.attribute === attribute);
      const status = change ? 'v2-changed' : 'v1';
      for (const wording of wordings) out.push(closedDraft(e, attribute, wording, [status, ...heldOut], change?.v2));
    }
  }
  if (split === 'test') {
    for (const e of world.v2Only) {
      for (const attribute of Object.keys(e.attributes)) out.push(closedDraft(e, attribute, TEST_WORDING, ['v2-only', ...heldOut]));
    }
  }
  return out;
}
