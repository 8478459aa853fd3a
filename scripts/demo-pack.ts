// `npm run demo-pack`: rebuilds the offline demo model pack in public/models/ from scratch
// (tokenizer, training, ONNX export, evaluation, manifest). Environment:
//   DEMO_PACK_STEPS   training steps (default in scripts/demo-pack/pack-config.ts; small values for quick checks)
//   DEMO_PACK_OUT     output folder (default public/models)
//   DEMO_PACK_BACKEND tfjs backend: wasm (default, fastest in Node) or cpu
//   DEMO_PACK_STUDENTS=0 skips the two students (demo-pack/students.ts); DEMO_PACK_STUDENT_STEPS sets their budget
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { jsonBytes } from '../src/core/models/hf-files.ts';
import type { TrainBackend } from '../src/core/train/tf.ts';
import { buildDemoPack } from './demo-pack/build.ts';
import { DEFAULT_TRAIN_STEPS, MODEL_NAME } from './demo-pack/pack-config.ts';

type PackIndex = { version: number; models: Array<{ name: string }> };

/** index.json lists every model of public/models, some built by other scripts (npm run task-pack):
 * keep their entries, replace only the ones this build wrote. */
async function mergedIndex(target: string, built: Uint8Array): Promise<Uint8Array> {
  const fresh = JSON.parse(new TextDecoder().decode(built)) as PackIndex;
  const existing = await readFile(target, 'utf8').then((text) => JSON.parse(text) as PackIndex, () => null);
  if (!existing) return built;
  const rebuilt = new Set(fresh.models.map((model) => model.name));
  const models = [...fresh.models, ...existing.models.filter((model) => !rebuilt.has(model.name))];
  return jsonBytes({ ...fresh, models });
}

const steps = Number(process.env.DEMO_PACK_STEPS ?? DEFAULT_TRAIN_STEPS);
const outDir = resolve(process.env.DEMO_PACK_OUT ?? 'public/models');
const backend = (process.env.DEMO_PACK_BACKEND ?? 'wasm') as TrainBackend;
if (!Number.isInteger(steps) || steps < 1) throw new Error(`DEMO_PACK_STEPS must be a positive integer; got ${process.env.DEMO_PACK_STEPS}.`);

const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(0)}s`;
const log = (message: string): void => console.log(`[demo-pack ${elapsed()}] ${message}`);

const files = await buildDemoPack({
  steps,
  backend,
  log,
  onProgress: (p) => {
    if (p.step % 10 === 0 || p.step === p.steps) {
      log(`step ${p.step}/${p.steps} loss ${p.loss.toFixed(3)} lr ${p.learningRate.toExponential(2)} grad-norm ${p.gradNorm.toFixed(2)}`);
    }
  },
});

await rm(join(outDir, MODEL_NAME), { recursive: true, force: true });
let total = 0;
for (const [path, bytes] of files) {
  const target = join(outDir, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, path === 'index.json' ? await mergedIndex(target, bytes) : bytes);
  total += bytes.length;
}
log(`wrote ${files.size} files, ${(total / 1e6).toFixed(2)} MB, to ${outDir}`);

// The distilled and the hard-label student, same budget (DEMO_PACK_STUDENTS=0 skips them).
if (process.env.DEMO_PACK_STUDENTS !== '0') {
  const { buildStudents } = await import('./demo-pack/students.ts');
  await buildStudents(outDir, log, Number(process.env.DEMO_PACK_STUDENT_STEPS ?? 0) || undefined);
}
