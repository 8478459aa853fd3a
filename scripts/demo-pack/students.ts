// The demo pack's two students, trained from the pack's teacher with the same student config, data,
// seed and step budget: one distilled (alpha 0.5, T 2) and one on hard labels only (alpha 0). Each is
// trained and measured by `llm-lab distill` itself (run in-process), so the manifest's figures are
// the ones `llm-lab eval` gives for the folder (held-out heldout.txt, KL and top-1 against the teacher).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { jsonBytes } from '../../src/core/models/hf-files.ts';
import { countParameters } from '../../src/core/models/llama-weights.ts';
import { llamaConfigFromHf } from '../../src/core/models/hf-files.ts';
import { loadMobyDick, splitCorpus } from './corpus.ts';
import { HELDOUT_FRACTION, MODEL_NAME } from './pack-config.ts';

export const STUDENT_RUNS = [
  { name: 'moby-student-kd', alpha: 0.5, temperature: 2, label: 'distilled (alpha 0.5, T 2)' },
  { name: 'moby-student-hard', alpha: 0, temperature: 1, label: 'hard labels only (alpha 0)' },
] as const;

/** Same budget for both students: steps x batch x context tokens. */
export const STUDENT_BUDGET = { steps: 60, batch: 8, context: 64, seed: 1 };

export interface StudentResult {
  name: string;
  report: Record<string, unknown>;
}

export async function buildStudents(packDir: string, log: (message: string) => void, steps = STUDENT_BUDGET.steps): Promise<StudentResult[]> {
  const teacher = join(packDir, MODEL_NAME);
  const cache = join('.cache', 'demo-pack');
  await mkdir(cache, { recursive: true });
  const transfer = join(cache, 'transfer.txt');
  // The transfer set is the teacher's own training text (word-level KD on the corpus).
  await writeFile(transfer, splitCorpus(loadMobyDick(), HELDOUT_FRACTION).trainText);
  const results: StudentResult[] = [];
  for (const run of STUDENT_RUNS) {
    log(`student ${run.name}: ${run.label}, ${steps} steps of ${STUDENT_BUDGET.batch} x ${STUDENT_BUDGET.context} tokens`);
    let stdout = '';
    const code = await main(
      ['distill', '--teacher', teacher, '--student-config', join(teacher, 'student-config.json'), '--transfer', transfer, '--heldout', join(teacher, 'heldout.txt'),
        '--steps', String(steps), '--batch', String(STUDENT_BUDGET.batch), '--context', String(STUDENT_BUDGET.context), '--alpha', String(run.alpha), '--temperature', String(run.temperature),
        '--seed', String(STUDENT_BUDGET.seed), '--no-cache', '-o', join(packDir, run.name), '--json'],
      { stdout: (t) => void (stdout += t), stderr: (t) => t.startsWith('step') && /step \d+0\//.test(t) && log(t.trimEnd()), cwd: process.cwd() },
    );
    if (code !== 0) throw new Error(`llm-lab distill failed for ${run.name} (exit ${code})`);
    results.push({ name: run.name, report: JSON.parse(stdout) as Record<string, unknown> });
  }
  await writeStudentManifests(packDir, results);
  return results;
}

async function folderBytes(folder: string): Promise<number> {
  let bytes = 0;
  for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) bytes += (await readFile(join(folder, file))).length;
  return bytes;
}

/** manifest.json per student (measured figures, minus timings) and their entries in index.json. */
async function writeStudentManifests(packDir: string, results: StudentResult[]): Promise<void> {
  const indexPath = join(packDir, 'index.json');
  const index = JSON.parse(await readFile(indexPath, 'utf8')) as { version: number; models: Array<Record<string, unknown>> };
  const names = new Set(results.map((r) => r.name));
  index.models = index.models.filter((m) => !names.has(String(m.name)));
  for (const { name, report } of results) {
    const folder = join(packDir, name);
    const config = llamaConfigFromHf(JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>);
    const run = STUDENT_RUNS.find((r) => r.name === name)!;
    const manifest = {
      name,
      role: 'student',
      description: `A student of ${MODEL_NAME} (${countParameters(config)} parameters), ${run.label}, ${report.steps} steps on the teacher's training text; for the Distill page.`,
      task: 'text-generation',
      architecture: 'LlamaForCausalLM',
      parameters: countParameters(config),
      teacher: MODEL_NAME,
      distillation: { alpha: run.alpha, temperature: run.temperature, ...STUDENT_BUDGET, steps: report.steps, transfer: report.transfer, final: report.final },
      heldout: { file: 'heldout.txt', ppl: report.ppl, teacherPpl: report.teacherPpl, kldToTeacher: report.kldToTeacher, top1: report.top1, method: report.eval },
      throughput: { backend: report.backend, tokensPerSecond: report.tokensPerSecond, stepsPerSecond: report.stepsPerSecond, peakRssBytes: report.peakRssBytes, note: 'measured during this build; machine load varies' },
    };
    await writeFile(join(folder, 'manifest.json'), jsonBytes(manifest));
    index.models.push({ name, path: `${name}/`, manifest: `${name}/manifest.json`, role: 'student', description: manifest.description, task: manifest.task, architecture: manifest.architecture, parameters: manifest.parameters, size_bytes: await folderBytes(folder) });
  }
  await writeFile(indexPath, jsonBytes(index));
}
