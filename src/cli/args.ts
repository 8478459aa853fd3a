// The one argument parser every `llm-lab` subcommand uses: long options (`--json`, `--out x`,
// `--out=x`), short aliases, `--` to end options, and positionals checked against the command's
// spec. Anything it cannot place is a UsageError, which main turns into exit code 2 with a usage line.

export interface OptionSpec {
  type: 'boolean' | 'string';
  description: string;
  /** One-letter alias, e.g. 'o' for -o. */
  short?: string;
  /** Placeholder shown in usage for string options, e.g. 'file'. */
  valueName?: string;
  /** String options only: may be given several times; read all values with ParsedArgs.strings. */
  repeatable?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
}

export interface ArgsSpec {
  positionals: readonly PositionalSpec[];
  options: Readonly<Record<string, OptionSpec>>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export class ParsedArgs {
  readonly positionals: readonly string[];
  readonly #values: ReadonlyMap<string, string | true | readonly string[]>;

  constructor(positionals: string[], values: Map<string, string | true | readonly string[]>) {
    this.positionals = positionals;
    this.#values = values;
  }

  flag(name: string): boolean {
    return this.#values.get(name) === true;
  }

  string(name: string): string | undefined {
    const value = this.#values.get(name);
    if (Array.isArray(value)) return value[value.length - 1];
    return typeof value === 'string' ? value : undefined;
  }

  /** Every value of a repeatable option, in command-line order (empty when absent). */
  strings(name: string): string[] {
    const value = this.#values.get(name);
    if (Array.isArray(value)) return [...(value as readonly string[])];
    return typeof value === 'string' ? [value] : [];
  }

  /** The positional at `index`; main has already checked that required ones are present. */
  positional(index: number): string {
    return this.positionals[index] ?? '';
  }
}

/** `<model.onnx> [--json] [--out <file>]` for a usage line. */
export function formatUsage(command: string, spec: ArgsSpec): string {
  const parts = [command];
  for (const positional of spec.positionals) parts.push(positional.required ? `<${positional.name}>` : `[${positional.name}]`);
  for (const [name, option] of Object.entries(spec.options)) {
    parts.push(option.type === 'boolean' ? `[--${name}]` : `[--${name} <${option.valueName ?? 'value'}>]${option.repeatable ? '...' : ''}`);
  }
  return parts.join(' ');
}

function findOption(spec: ArgsSpec, token: string): [string, OptionSpec] | undefined {
  if (token.startsWith('--')) {
    const name = token.slice(2);
    const option = spec.options[name];
    return option ? [name, option] : undefined;
  }
  const short = token.slice(1);
  return Object.entries(spec.options).find(([, option]) => option.short === short);
}

export function parseArgs(argv: readonly string[], spec: ArgsSpec): ParsedArgs {
  const positionals: string[] = [];
  const values = new Map<string, string | true | readonly string[]>();
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (optionsEnded || !token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    if (token === '--') {
      optionsEnded = true;
      continue;
    }
    const equals = token.indexOf('=');
    const key = equals > 0 ? token.slice(0, equals) : token;
    const found = findOption(spec, key);
    if (!found) throw new UsageError(`unknown option '${key}'`);
    const [name, option] = found;
    if (option.type === 'boolean') {
      if (equals > 0) throw new UsageError(`option '--${name}' takes no value`);
      values.set(name, true);
      continue;
    }
    const value = equals > 0 ? token.slice(equals + 1) : argv[++i];
    if (value === undefined || value === '') throw new UsageError(`option '--${name}' needs a value`);
    const previous = values.get(name);
    values.set(name, option.repeatable ? [...(Array.isArray(previous) ? (previous as readonly string[]) : []), value] : value);
  }
  const required = spec.positionals.filter((positional) => positional.required);
  if (positionals.length < required.length) {
    throw new UsageError(`missing <${required[positionals.length]!.name}>`);
  }
  if (positionals.length > spec.positionals.length) {
    throw new UsageError(`unexpected argument '${positionals[spec.positionals.length]}'`);
  }
  return new ParsedArgs(positionals, values);
}
