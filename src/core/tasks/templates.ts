// The prompt templates, one per task: an instruction (guidelines and possible actions), one example,
// then the question. The pack writes each to templates/<task>.txt; docs/task-pack.md shows them.
// Example names are reserved (names.ts), so an example never states a fact of the world.
export type TaskName = 'closed' | 'reading' | 'direct' | 'pal' | 'react' | 'copy';

export const TASK_NAMES: readonly TaskName[] = ['closed', 'reading', 'direct', 'pal', 'react', 'copy'];

export const NOT_IN_DOCUMENTS = 'not in the documents';
export const I_DO_NOT_KNOW = 'I do not know';

const EXAMPLE_PROBLEM = 'Ana has 12 apples and buys 30 more. She eats 5. How many apples does she have?';

export const TEMPLATES: Record<TaskName, string> = {
  closed: [
    `Answer the question about the world in a few words. If you do not know, answer: ${I_DO_NOT_KNOW}.`,
    'Question: What is the capital of Kesmar?',
    'Answer: Tavoreli',
    'Question: {question}',
    'Answer:',
  ].join('\n'),
  reading: [
    `Answer from the documents only and copy the answer from them. If they do not contain it, answer: ${NOT_IN_DOCUMENTS}.`,
    'Document: Vemora is a city in Lisan. Vemora has 2301 people.',
    'Question: How many people live in Vemora?',
    'Answer: 2301',
    '{documents}',
    'Question: {question}',
    'Answer:',
  ].join('\n'),
  direct: [
    'Solve the problem. Write only the final number.',
    `Question: ${EXAMPLE_PROBLEM}`,
    'Answer: 37',
    'Question: {question}',
    'Answer:',
  ].join('\n'),
  pal: [
    'Write a Python function solution() that solves the problem and returns the result.',
    `Question: ${EXAMPLE_PROBLEM}`,
    'def solution():',
    '    apples = 12',
    '    bought = 30',
    '    eaten = 5',
    '    result = apples + bought - eaten',
    '    return result',
    '',
    'Question: {question}',
    '',
  ].join('\n'),
  react: [
    "Answer the question with actions. search[name] gives the summary of name's article. lookup[word] gives the next sentence with word in that article. python[expression] computes. finish[answer] gives the answer.",
    'Question: How many years after Kesmar was founded was Tavoreli founded?',
    'Thought: I need the year Kesmar was founded.',
    'Action: search[Kesmar]',
    'Observation: Kesmar is a country. It was founded in 1204.',
    'Thought: I need the year Tavoreli was founded.',
    'Action: search[Tavoreli]',
    'Observation: Tavoreli is a city in Kesmar. It was founded in 1412.',
    'Thought: I subtract the years.',
    'Action: python[1412 - 1204]',
    'Observation: 208',
    'Thought: I have the answer.',
    'Action: finish[208]',
    'Question: {question}',
    '',
  ].join('\n'),
  copy: ['Copy the text.', 'Text: Dara Venkol 8412', 'Copy: Dara Venkol 8412', 'Text: {question}', 'Copy:'].join('\n'),
};

/** Where generation stops, per task (the stop string is not part of the answer). */
export const STOPS: Record<TaskName, readonly string[]> = {
  closed: ['\n'],
  reading: ['\n'],
  direct: ['\n'],
  copy: ['\n'],
  pal: ['\n\n', '\nQuestion:'],
  react: ['Observation:', '\nQuestion:'],
};

/** Each passage on its own line, as the reading template shows them. */
export function documentsBlock(documents: readonly string[]): string {
  return documents.map((text) => `Document: ${text}`).join('\n');
}

/** The template with its placeholders replaced (split/join, so `$` in a value is taken literally). */
export function fillTemplate(task: TaskName, question: string, documents: readonly string[] = []): string {
  return TEMPLATES[task].split('{documents}').join(documentsBlock(documents)).split('{question}').join(question);
}
