// Main-thread side of distillation: the train worker (restartable), the demo pack's teacher files,
// and the resumable run record in IndexedDB (settings store), so a closed tab can resume.
import '../../core/distill/errors.ts';
import type { DistillCheckpoint } from '../../core/distill/distiller.ts';
import type { LabStorage } from '../storage/lab-storage.ts';
import { fetchDemoFile, type DemoPackEntry } from '../demo-pack.ts';
import type { DistillEvent, DistillJob, DistillResult, TrainSchema } from '../../workers/train.protocol.ts';
import { WorkerHandle } from '../workers/worker-handle.ts';

export class TrainClient {
  readonly handle = new WorkerHandle<TrainSchema>(() => new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }));

  distill(job: DistillJob, onEvent: (event: DistillEvent) => void, signal?: AbortSignal): Promise<DistillResult> {
    return this.handle.call('distill', job, { onProgress: onEvent, ...(signal ? { signal } : {}) });
  }

  stop(): void {
    this.handle.stop('Distillation stopped.');
  }
}

const TEACHER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];

export interface TeacherBundle {
  files: Record<string, Uint8Array>;
  student: Record<string, unknown>;
  heldoutText: string;
  transferText: string;
}

/** The teacher folder, its student config, held-out and calibration text (the default transfer text). */
export async function fetchTeacherBundle(teacher: DemoPackEntry, signal?: AbortSignal): Promise<TeacherBundle> {
  const files: Record<string, Uint8Array> = {};
  for (const file of TEACHER_FILES) files[file] = new Uint8Array(await (await fetchDemoFile(teacher, file, signal)).arrayBuffer());
  const student = (await (await fetchDemoFile(teacher, 'student-config.json', signal)).json()) as Record<string, unknown>;
  const heldoutText = await (await fetchDemoFile(teacher, 'heldout.txt', signal)).text();
  const transferText = await (await fetchDemoFile(teacher, 'calibration.txt', signal)).text();
  return { files, student, heldoutText, transferText };
}

/** What a paused or interrupted run needs to continue: its job (without the teacher bytes) and checkpoint. */
export interface SavedRun {
  id: string;
  label: string;
  job: Omit<DistillJob, 'teacher' | 'resume'>;
  checkpoint: DistillCheckpoint;
  savedAt: string;
}

const KEY = (id: string) => `distill-run:${id}`;

export async function saveRun(storage: LabStorage, run: SavedRun): Promise<void> {
  await storage.putSetting(KEY(run.id), run);
}

export async function loadRun(storage: LabStorage, id: string): Promise<SavedRun | undefined> {
  return (await storage.getSetting<SavedRun>(KEY(id))) ?? undefined;
}

export async function clearRun(storage: LabStorage, id: string): Promise<void> {
  await storage.putSetting(KEY(id), null);
}
