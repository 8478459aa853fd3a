// Step 1 of `npm run task-pack`: writes the task pack the model trains on (what `llm-lab tasks make`
// writes, called in-process so the build needs only the generator).
//   node bin/run-ts.mjs scripts/task-model/make-pack.ts [--seed S] [--out DIR] [--train-scale F]
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { makePack } from '../../src/core/tasks/pack.ts';
import { PACK_DIR, WORLD_SEED } from './config.ts';

const { values } = parseArgs({ options: { seed: { type: 'string', default: String(WORLD_SEED) }, out: { type: 'string', default: PACK_DIR }, 'train-scale': { type: 'string', default: '1' } } });
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const files = makePack({ seed: Number(values.seed), trainScale: Number(values['train-scale']), includeTrain: true }, sha256);
for (const [path, text] of files) {
  await mkdir(dirname(join(values.out!, path)), { recursive: true });
  await writeFile(join(values.out!, path), text);
}
const manifest = JSON.parse(files.get('manifest.json')!) as { counts: Record<string, Record<string, number>>; bytes: number };
console.log(`task pack seed ${values.seed}: ${files.size} files, ${manifest.bytes} bytes in ${values.out}; counts ${JSON.stringify(manifest.counts)}`);
