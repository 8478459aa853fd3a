// External data stays inside the model's folder for every CLI command that reads a model (inspect,
// compress, eval): a location that is an absolute path, one with a '..' segment, and a symbolic link
// whose target is outside the folder are each refused with UnsafeExternalDataLocationError naming
// the location, before any byte of that file is read. The refused files hold valid data, so only
// the check can make these runs fail; a link that stays inside the folder is followed as usual.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.ts';
import { main } from '../../../src/cli/main.ts';
import { confinedFileFetch, externalDataFromFolder } from '../../../src/cli/model-files.ts';
import { UnsafeExternalDataLocationError } from '../../../src/core/onnx/errors.ts';
import { decodeModel, encodeModel, inspectModel, writeModelWithExternalData } from '../../../src/core/onnx/index.ts';
import { buildLinearModel } from '../core/onnx/models.ts';

const root = mkdtempSync(join(tmpdir(), 'llm-lab-confine-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const written = writeModelWithExternalData(buildLinearModel(), { location: 'data.bin', sizeThreshold: 1024 });
const data = written.files[0]!.data;
/** A file outside every model folder holding exactly the bytes the model wants: reading it would work. */
const outside = join(root, 'secret.bin');
writeFileSync(outside, data);

/** The linear model with its external data `location` rewritten, in a folder of its own. */
function modelAt(name: string, location: string): string {
  const model = decodeModel(written.model);
  for (const tensor of model.graph!.initializer!) {
    for (const entry of tensor.externalData ?? []) if (entry.key === 'location') entry.value = location;
  }
  const folder = join(root, name);
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  const path = join(folder, 'onnx', 'model.onnx');
  writeFileSync(path, encodeModel(model));
  return path;
}

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: root }, out: () => out, err: () => err };
}

const CASES = [
  { label: 'an absolute path', location: outside, reason: /is an absolute path/ },
  { label: "a '..' segment", location: '../../secret.bin', reason: /contains a '\.\.' segment/ },
  { label: 'a symbolic link out of the folder', location: 'data.bin', reason: /is a symbolic link to a file outside the model's folder/ },
];

function prepare(label: string, location: string): string {
  const path = modelAt(label.replace(/\W+/g, '-'), location);
  if (label.startsWith('a symbolic link')) symlinkSync(outside, join(path, '..', 'data.bin'));
  return path;
}

describe('external data is read only from inside the model folder', () => {
  const commands: Array<{ name: string; argv: (model: string) => string[] }> = [
    { name: 'inspect', argv: (model) => ['inspect', model, '--json'] },
    { name: 'compress', argv: (model) => ['compress', model, '-o', join(root, 'out', `${Math.random()}.onnx`), '--quant', 'int8', '--json'] },
    { name: 'eval', argv: (model) => ['eval', model, '--text', outside, '--json'] },
  ];

  for (const { label, location, reason } of CASES) {
    const model = prepare(label, location);
    for (const command of commands) {
      it(`${command.name} refuses ${label}, naming the location`, async () => {
        const run = capture();
        expect(await main(command.argv(model), run.io)).toBe(1);
        const { error } = JSON.parse(run.out());
        expect(error.type).toBe('UnsafeExternalDataLocationError');
        expect(error.message).toContain(`'${location}'`);
        expect(error.message).toMatch(reason);
      });
    }
  }

  it('a symbolic link that stays inside the folder is followed: inspect reads the same weights', async () => {
    const path = modelAt('inside-link', 'data.bin');
    mkdirSync(join(path, '..', 'blobs'));
    writeFileSync(join(path, '..', 'blobs', 'weights'), data);
    symlinkSync(join(path, '..', 'blobs', 'weights'), join(path, '..', 'data.bin'));
    const run = capture();
    expect(await main(['inspect', path, '--json'], run.io), run.err()).toBe(0);
    const report = JSON.parse(run.out());
    const expected = inspectModel(buildLinearModel()).initializers.find((t) => t.name === 'W')!;
    expect(report.initializers.find((t: { name: string }) => t.name === 'W')).toEqual({ ...expected, storage: 'external' });
  });

  it('the resolver throws the typed error itself, and a missing file is "not provided", not refused', () => {
    const folder = join(prepare(CASES[2]!.label + ' resolver', 'data.bin'), '..');
    const resolve = externalDataFromFolder(folder);
    expect(() => resolve('data.bin')).toThrow(UnsafeExternalDataLocationError);
    expect(resolve('absent.bin')).toBeUndefined();
  });

  it("eval's file reader serves the folder's files, 404s missing ones and refuses links out of it", async () => {
    const folder = join(root, 'eval-folder');
    mkdirSync(join(folder, 'onnx'), { recursive: true });
    writeFileSync(join(folder, 'config.json'), '{}');
    symlinkSync(outside, join(folder, 'onnx', 'model.onnx_data'));
    const read = confinedFileFetch(folder);
    expect(await (await read(pathToFileURL(join(folder, 'config.json')).href)).text()).toBe('{}');
    expect((await read(pathToFileURL(join(folder, 'tokenizer.json')).href)).status).toBe(404);
    await expect(read(pathToFileURL(join(folder, 'onnx', 'model.onnx_data')).href)).rejects.toThrow(UnsafeExternalDataLocationError);
  });
});
