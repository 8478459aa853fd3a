// Question wordings per attribute. Closed-book items train on wordings 0 and 1, validate on 2 and
// test on 3, so validation and test ask the world's facts in phrasings the model never trained on.
// `{n}` is the entity's name.
export const TRAIN_WORDINGS = [0, 1] as const;
export const VALIDATION_WORDING = 2;
export const TEST_WORDING = 3;

const FOUNDED = ['When was {n} founded?', 'In which year was {n} founded?', 'What year was {n} founded in?', '{n} was founded in which year?'];
const POPULATION = ['How many people live in {n}?', 'What is the population of {n}?', 'How many inhabitants does {n} have?', '{n} has how many people?'];
const IN_COUNTRY = ['In which country is {n}?', 'Which country is {n} in?', 'What country is {n} part of?', '{n} lies in which country?'];

export const WORDINGS: Record<string, readonly string[]> = {
  founded: FOUNDED,
  population: POPULATION,
  country: IN_COUNTRY,
  capital: ['What is the capital of {n}?', 'Which city is the capital of {n}?', 'Name the capital city of {n}.', '{n} has which city as its capital?'],
  language: ['What language is spoken in {n}?', 'What is the language of {n}?', 'Which language do people in {n} speak?', '{n} speaks which language?'],
  river: ['On which river does {n} lie?', 'Which river flows through {n}?', 'What river is {n} on?', '{n} lies on which river?'],
  mayor: ['Who is the mayor of {n}?', "Who is {n}'s mayor?", 'Name the mayor of {n}.', 'Which person is the mayor of {n}?'],
  born: ['When was {n} born?', 'In which year was {n} born?', 'What is the birth year of {n}?', '{n} was born in which year?'],
  birthplace: ['Where was {n} born?', 'In which city was {n} born?', 'What is the birthplace of {n}?', '{n} was born in which city?'],
  occupation: ['What does {n} do for a living?', 'What is the occupation of {n}?', "What is {n}'s job?", 'What work does {n} do?'],
  employer: ['Who does {n} work for?', 'Which company employs {n}?', 'What is the employer of {n}?', '{n} works for which company?'],
  headquarters: ['Where is {n} based?', 'Where are the headquarters of {n}?', 'In which city is {n} headquartered?', 'Which city hosts the headquarters of {n}?'],
  founder: ['Who founded {n}?', 'Who is the founder of {n}?', 'Which person founded {n}?', '{n} was founded by whom?'],
  employees: ['How many employees does {n} have?', 'How many people work for {n}?', 'What is the number of employees of {n}?', '{n} has how many employees?'],
  product: ['What does {n} make?', 'What product does {n} make?', 'Which goods does {n} produce?', '{n} makes what?'],
  length: ['How long is {n} in km?', 'What is the length of {n} in km?', 'How many km long is {n}?', '{n} is how many km long?'],
  mouth: ['Where does {n} meet the sea?', 'At which city does {n} flow into the sea?', 'What city is at the mouth of {n}?', '{n} flows into the sea at which city?'],
};

export function questionFor(attribute: string, name: string, wording: number): string {
  const wordings = WORDINGS[attribute];
  if (!wordings) throw new Error(`No question wordings for attribute ${attribute}`);
  return (wordings[wording] ?? wordings[0]!).split('{n}').join(name);
}
