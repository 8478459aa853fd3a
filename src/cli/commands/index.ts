// The table of `llm-lab` subcommands. To add one (compress, eval, bench...), write
// src/cli/commands/<name>.ts exporting a CliCommand and list it here; main needs no change.
import type { CliCommand } from '../command.ts';
import { compressCommand } from './compress.ts';
import { distillCommand } from './distill.ts';
import { evalCommand } from './eval.ts';
import { generateCommand } from './generate.ts';
import { inspectCommand } from './inspect.ts';
import { planCommand } from './plan.ts';
import { pythonCommand } from './python.ts';
import { tasksCommand } from './tasks.ts';

export const COMMANDS: readonly CliCommand[] = [inspectCommand, evalCommand, compressCommand, generateCommand, tasksCommand, planCommand, pythonCommand, distillCommand];
