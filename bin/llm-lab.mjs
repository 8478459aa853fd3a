#!/usr/bin/env node
// `llm-lab` command: runs src/cli/main.ts straight from TypeScript through tsx, so it works right
// after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main, processIo } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), processIo());
