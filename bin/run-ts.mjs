#!/usr/bin/env node
// Runs a TypeScript file with tsx: `node bin/run-ts.mjs <file.ts> [args...]` (npm run bench,
// npm run demo-pack). The script sees its own arguments in process.argv.slice(2), as if started
// with node directly. Both loaders are registered: a .ts file outside this "type": "module"
// package is CommonJS to Node.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bin/run-ts.mjs <file.ts> [args...]\n');
  process.exit(2);
}
const script = resolve(file);
process.argv = [process.argv[0], script, ...args];
registerEsm();
registerCommonJs();
await import(pathToFileURL(script).href);
