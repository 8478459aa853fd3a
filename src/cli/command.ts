// What a subcommand of `llm-lab` is: a name, a one-line summary, an argument spec (from which
// usage and --help are generated) and a run function. Output goes through CliIo so a command can
// be run in-process by a test or by another command, not only from a terminal.
import type { ArgsSpec, ParsedArgs } from './args.ts';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory relative paths resolve against. */
  cwd: string;
}

export interface CliCommand {
  name: string;
  summary: string;
  args: ArgsSpec;
  /** Throws LabError for bad input (exit 1) and UsageError for bad usage (exit 2). */
  run(args: ParsedArgs, io: CliIo): Promise<void>;
}
