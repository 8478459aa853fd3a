// Enforces the layer rule from docs/architecture.md by reading the sources: src/core stays free of
// browser globals and of upper layers; only one module imports each external runtime.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

const sources = files('src').map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const importsOf = (text: string) => [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

describe('layering', () => {
  test('src/core uses no browser globals and imports no upper layer', () => {
    const offenders = sources
      .filter((f) => f.path.startsWith('src/core/'))
      .flatMap((f) => {
        const code = f.text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
        const globals = [...code.matchAll(/\b(window|document|indexedDB|localStorage|navigator)\./g)].map((m) => `${f.path}: ${m[1]}`);
        const upward = importsOf(f.text).filter((i) => /\/(lib|ui|workers)\//.test(i)).map((i) => `${f.path}: imports ${i}`);
        return [...globals, ...upward];
      });
    expect(offenders).toEqual([]);
  });

  test.each([
    ['onnxruntime-web', /^onnxruntime-web/],
    ['@huggingface/transformers', /^@huggingface\/transformers/],
    ['@tensorflow/tfjs', /^@tensorflow\//],
  ])('only one module imports %s', (_name, pattern) => {
    const importers = sources.filter((f) => importsOf(f.text).some((i) => pattern.test(i) && !i.endsWith('?url'))).map((f) => f.path);
    expect(importers.length).toBeLessThanOrEqual(1);
  });

  test('web-llm is imported only by its worker shell and the lazily loaded main-thread adapter', () => {
    // WebWorkerMLCEngine (main thread) talks to WebWorkerMLCEngineHandler (worker): one module on each side.
    const importers = sources.filter((f) => importsOf(f.text).some((i) => i.startsWith('@mlc-ai/web-llm'))).map((f) => f.path).sort();
    expect(importers).toEqual(['src/lib/engines/mlc/web-llm.ts', 'src/workers/mlc-engine.worker.ts']);
  });
});
