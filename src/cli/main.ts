// Entry of the `llm-lab` command (bin/llm-lab.mjs runs it through tsx). Finds the subcommand in
// the table, parses its arguments with the shared parser and maps outcomes to exit codes:
// 0 success, 1 a problem with the input (one line on stderr, no stack), 2 bad usage (with usage).
import { LabError } from '../core/errors.ts';
import { formatUsage, parseArgs, UsageError } from './args.ts';
import type { CliCommand, CliIo } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { renderTable } from './format.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const PROGRAM = 'llm-lab';

function generalHelp(): string {
  const rows = COMMANDS.map((command) => [command.name, command.summary]);
  return [`usage: ${PROGRAM} <command> [options]`, '', 'commands:', ...renderTable(['', ''], rows, ['left', 'left']).slice(1), '', `Run '${PROGRAM} <command> --help' for a command's options.`].join('\n') + '\n';
}

function commandHelp(command: CliCommand): string {
  const rows = [
    ...command.args.positionals.map((positional) => [`<${positional.name}>`, positional.description]),
    ...Object.entries(command.args.options).map(([name, option]) => [option.short ? `-${option.short}, --${name}` : `--${name}`, option.description]),
    ['-h, --help', 'show this help'],
  ];
  return [`usage: ${formatUsage(`${PROGRAM} ${command.name}`, command.args)}`, '', command.summary, '', ...renderTable(['', ''], rows, ['left', 'left']).slice(1)].join('\n') + '\n';
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof LabError) {
    io.stderr(`${PROGRAM}: ${oneLine(error.message)}\n`);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`${PROGRAM}: internal error: ${oneLine(message)} (set LLM_LAB_DEBUG=1 to see the stack)\n`);
  if (process.env['LLM_LAB_DEBUG'] && error instanceof Error && error.stack) io.stderr(error.stack + '\n');
  return EXIT_FAILURE;
}

const isHelp = (token: string): boolean => token === '--help' || token === '-h';

/** Runs `llm-lab <argv...>` and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || isHelp(name) || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(generalHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`${PROGRAM}: unknown command '${name}'\n${generalHelp()}`);
    return EXIT_USAGE;
  }
  const separator = rest.indexOf('--');
  if (rest.slice(0, separator === -1 ? undefined : separator).some(isHelp)) {
    io.stdout(commandHelp(command));
    return EXIT_OK;
  }
  try {
    await command.run(parseArgs(rest, command.args), io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${PROGRAM} ${command.name}: ${error.message}\nusage: ${formatUsage(`${PROGRAM} ${command.name}`, command.args)}\n`);
      return EXIT_USAGE;
    }
    return reportFailure(error, io);
  }
}

/** The process-bound CliIo: stdout/stderr of this process, relative paths from its cwd. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
}
