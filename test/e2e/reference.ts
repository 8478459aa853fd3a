// Independent reference for e2e checks: runs the demo teacher with onnxruntime-web's Node build
// (a separate runtime instance from the browser's) on the self-test tokens.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSession, makeTensor, runSession } from '../../src/core/runtime/ort.ts';
import { lastRowTop, selfTestFeeds, type TopToken } from '../../src/core/runtime/self-test.ts';

export async function teacherFolder(): Promise<string> {
  const index = JSON.parse(await readFile('public/models/index.json', 'utf8')) as { models: { path: string; role?: string }[] };
  const entry = index.models.find((m) => m.role === 'teacher') ?? index.models[0];
  if (!entry) throw new Error('public/models/index.json lists no models');
  return join('public/models', entry.path.replace(/^models\//, ''));
}

export async function teacherReferenceTop(k = 5): Promise<TopToken[]> {
  const folder = await teacherFolder();
  const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
  const { session } = await createSession(new Uint8Array(await readFile(join(folder, 'onnx/model.onnx'))), 'wasm');
  const feeds = Object.fromEntries(Object.entries(selfTestFeeds(config)).map(([name, t]) => [name, makeTensor(t.dtype, t.data, t.dims)]));
  const output = await runSession(session, feeds, ['logits']);
  await session.release();
  return lastRowTop(output.logits!.data as Float32Array, Number(config.vocab_size), k);
}
