// Pieces of the installed web-llm that it does not export, rebuilt from its lib/index.js source so
// tests check against the real thing: its error classes (`String(error)` is exactly what its worker
// handler sends, `err.toString()`) and its generation-config validation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const webLlmSource = readFileSync(createRequire(import.meta.url).resolve('@mlc-ai/web-llm'), 'utf8');

/** `class Name extends Base { ... }` as written at the top level of lib/index.js. */
function classSource(name: string): { text: string; base: string } {
  const match = new RegExp(`^class ${name} extends (\\w+) \\{[\\s\\S]*?^\\}$`, 'm').exec(webLlmSource);
  if (!match) throw new Error(`web-llm's lib/index.js has no top-level class ${name}: its errors changed, update the mapping.`);
  return { text: match[0], base: match[1]! };
}

type ErrorClass = new (...args: unknown[]) => Error;

/** The web-llm error class `name` (with its base classes), built from the package's own source. */
export function webLlmErrorClass(name: string): ErrorClass {
  const chain: string[] = [];
  for (let current = name; current !== 'Error'; ) {
    const { text, base } = classSource(current);
    chain.unshift(text);
    current = base;
  }
  return new Function(`${chain.join('\n')}\nreturn ${name};`)() as ErrorClass;
}

/** What web-llm's worker would send for `new name(...args)`. */
export function webLlmErrorText(name: string, ...args: unknown[]): string {
  const ErrorClass = webLlmErrorClass(name);
  return String(new ErrorClass(...args));
}

/**
 * web-llm's `postInitAndCheckGenerationConfigValues` (not exported), built from its source with the
 * error classes it throws; `log` is silenced. Throws exactly where web-llm would reject a request.
 */
export function webLlmGenerationConfigCheck(): (config: Record<string, unknown>) => void {
  const fn = /^function postInitAndCheckGenerationConfigValues\(config\) \{[\s\S]*?^\}$/m.exec(webLlmSource);
  const rangeError = /^let RangeError\$1 = class RangeError extends ConfigValueError \{[\s\S]*?^\};$/m.exec(webLlmSource);
  if (!fn || !rangeError) throw new Error("web-llm's generation config check moved: update this helper.");
  const classes = ['ConfigValueError', 'MinValueError', 'NonNegativeError', 'InvalidNumberStringError', 'DependencyError'].map((name) => classSource(name).text);
  const body = `${classes.join('\n')}\n${rangeError[0]}\nconst log = { warn() {} };\n${fn[0]}\nreturn postInitAndCheckGenerationConfigValues;`;
  return new Function(body)() as (config: Record<string, unknown>) => void;
}
