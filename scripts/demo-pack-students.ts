// `npm run demo-pack` runs this after the teacher (or run it alone on an existing pack):
// trains the distilled and the hard-label student from public/models/moby-llama-1m with the same
// budget and writes their folders, manifests and index.json entries. DEMO_PACK_STUDENT_STEPS sets the budget.
import { resolve } from 'node:path';
import { buildStudents, STUDENT_BUDGET } from './demo-pack/students.ts';

const steps = Number(process.env.DEMO_PACK_STUDENT_STEPS ?? STUDENT_BUDGET.steps);
const outDir = resolve(process.env.DEMO_PACK_OUT ?? 'public/models');
const started = performance.now();
const log = (message: string): void => console.log(`[students ${((performance.now() - started) / 1000).toFixed(0)}s] ${message}`);
const results = await buildStudents(outDir, log, steps);
for (const { name, report } of results) {
  log(`${name}: held-out ppl ${Number(report.ppl).toFixed(2)} (teacher ${Number(report.teacherPpl).toFixed(2)}), KL to teacher ${Number(report.kldToTeacher).toFixed(4)}, top-1 ${(Number(report.top1) * 100).toFixed(1)}%, ${Math.round(Number(report.tokensPerSecond))} tokens/s`);
}
