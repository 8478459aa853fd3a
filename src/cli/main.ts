// Entry of the `llm-lab` command (bin/llm-lab.mjs runs it through tsx). Finds the subcommand in
// the table, parses its arguments with the shared parser and maps outcomes to exit codes:
// 0 success, 1 a problem with the input (one line on stderr, no stack), 2 bad usage (with usage).
// With --json anywhere before `--`, stdout carries exactly one JSON object whatever happens: the
// command's output, or {"error":{"type","message"}} (exit 1, or 2 for usage). Every command in the
// table gets this here, so a new command cannot break the contract.
import { LabError } from '../core/errors.ts';
import { formatUsage, parseArgs, UsageError } from './args.ts';
import type { CliCommand, CliIo } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { renderTable } from './format.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const PROGRAM = 'llm-lab';

function generalHelp(commands: readonly CliCommand[]): string {
  const rows = commands.map((command) => [command.name, command.summary]);
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

function reportFailure(error: unknown, io: CliIo, json: boolean): number {
  if (error instanceof LabError) {
    io.stderr(`${PROGRAM}: ${oneLine(error.message)}\n`);
    if (json) io.stdout(jsonError(error.name, error.message));
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`${PROGRAM}: internal error: ${oneLine(message)} (set LLM_LAB_DEBUG=1 to see the stack)\n`);
  if (process.env['LLM_LAB_DEBUG'] && error instanceof Error && error.stack) io.stderr(error.stack + '\n');
  if (json) io.stdout(jsonError('InternalError', message));
  return EXIT_FAILURE;
}

const isHelp = (token: string): boolean => token === '--help' || token === '-h';

/** The one line --json prints on failure; `type` is the error class ('UsageError', 'OnnxTruncatedError'...). */
export function jsonError(type: string, message: string): string {
  return `${JSON.stringify({ error: { type, message: oneLine(message) } })}\n`;
}

function usageFailure(message: string, usage: string, io: CliIo, json: boolean): number {
  io.stderr(`${message}\n${usage}`);
  if (json) io.stdout(jsonError('UsageError', message));
  return EXIT_USAGE;
}

/**
 * Runs a command with --json: its stdout is held back and must be one JSON object, which is then
 * printed; anything else (nothing, text, two objects) is reported as an internal error, so a
 * caller's JSON.parse never meets stray text.
 */
async function runAsJson(command: CliCommand, argv: readonly string[], io: CliIo): Promise<number> {
  let held = '';
  await command.run(parseArgs(argv, command.args), { ...io, stdout: (text) => void (held += text) });
  let parsed: unknown;
  try {
    parsed = JSON.parse(held);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`'${command.name} --json' printed ${held.trim() ? 'something other than one JSON object' : 'nothing'}; this is a bug in the command`);
  }
  io.stdout(held.endsWith('\n') ? held : `${held}\n`);
  return EXIT_OK;
}

/** Runs `llm-lab <argv...>` and returns the exit code; `commands` is the table (tests pass their own). */
export async function main(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  const separator = argv.indexOf('--');
  const options = argv.slice(0, separator === -1 ? undefined : separator);
  const json = options.includes('--json');
  if (name === undefined || name === '--json' || isHelp(name) || name === 'help') {
    if (name === '--json') return usageFailure(`${PROGRAM}: missing <command>`, generalHelp(commands), io, json);
    if (name === undefined) {
      io.stderr(generalHelp(commands));
      return EXIT_USAGE;
    }
    io.stdout(generalHelp(commands));
    return EXIT_OK;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) return usageFailure(`${PROGRAM}: unknown command '${name}'`, generalHelp(commands), io, json);
  const usage = `usage: ${formatUsage(`${PROGRAM} ${command.name}`, command.args)}\n`;
  if (options.slice(1).some(isHelp)) {
    if (json) return usageFailure(`${PROGRAM} ${command.name}: --help prints text; leave out --json to read it`, usage, io, json);
    io.stdout(commandHelp(command));
    return EXIT_OK;
  }
  if (json && command.args.options['json']?.type !== 'boolean') {
    return usageFailure(`${PROGRAM} ${command.name}: this command has no --json output`, usage, io, json);
  }
  try {
    if (json) return await runAsJson(command, rest, io);
    await command.run(parseArgs(rest, command.args), io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(`${PROGRAM} ${command.name}: ${error.message}`, usage, io, json);
    return reportFailure(error, io, json);
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
