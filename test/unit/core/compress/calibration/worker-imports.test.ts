// The app ships one onnxruntime-web: calibration runs in the onnx-engine worker, so the compress
// worker's static import graph must never reach the runtime adapter (src/core/runtime/ort.ts).
// Type-only imports are erased by the bundler and do not count.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    if (!match[2]) found.push(resolve(dirname(file), match[3]!));
  }
  for (const match of text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) found.push(resolve(dirname(file), match[1]!));
  return found;
}

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [resolve(entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file) || !file.endsWith('.ts')) continue;
    seen.add(file);
    stack.push(...valueImports(file));
  }
  return seen;
}

describe('compress worker imports', () => {
  it('never reach onnxruntime-web, while the onnx-engine worker does (the check can fail)', () => {
    const ort = resolve('src/core/runtime/ort.ts');
    expect(reachable('src/workers/compress.worker.ts').has(ort)).toBe(false);
    expect(reachable('src/core/compress/calibration/request.ts').has(ort)).toBe(true);
    expect(reachable('src/workers/compress.worker.ts').has(resolve('src/core/compress/prune/index.ts'))).toBe(true);
  });
});
