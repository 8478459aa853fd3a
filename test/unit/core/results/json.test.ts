import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../../src/core/results/errors.ts';
import { exportRunsJson, importRunFiles, parseRunsJson } from '../../../../src/core/results/json.ts';
import { mergeRuns } from '../../../../src/core/results/merge.ts';
import { runApproximations } from '../../../../src/core/results/run-result.ts';
import { summarizeUserAgent } from '../../../../src/core/results/device.ts';
import { fromWire, toWire } from '../../../../src/core/errors.ts';
import { laptop, phone, sampleRun } from './sample-run.ts';

function importError(text: string): ImportError {
  try {
    parseRunsJson(text, 'runs.json');
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected an ImportError');
}

/** An exported file with one field of run 0 replaced. */
function withRunField(mutate: (run: Record<string, any>) => void): string {
  const envelope = JSON.parse(exportRunsJson([sampleRun('a'), sampleRun('b')], laptop));
  mutate(envelope.runs[1]);
  return JSON.stringify(envelope);
}

describe('JSON export and import', () => {
  it('round-trips runs through the versioned envelope', () => {
    const runs = [sampleRun('a'), sampleRun('b', { device: phone, comparison: null })];
    const text = exportRunsJson(runs, laptop, new Date('2025-03-02T00:00:00Z'));
    const parsed = parseRunsJson(text);
    expect(parsed.format).toBe('llm-lab-runs');
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.exportedAt).toBe('2025-03-02T00:00:00.000Z');
    expect(parsed.device).toEqual(laptop);
    expect(parsed.runs).toEqual(runs);
  });

  it('exports NaN figures as null and reads them back as NaN', () => {
    const run = sampleRun('a');
    run.comparison!.kld.p99 = Number.NaN;
    const text = exportRunsJson([run], laptop);
    expect(text).toContain('"p99": null');
    expect(Number.isNaN(parseRunsJson(text).runs[0]!.comparison!.kld.p99)).toBe(true);
  });

  it('names the bad field in import errors', () => {
    expect(importError(withRunField((r) => (r.variant.engine = 'tvm'))).message).toBe(
      'runs.json: Field "runs[1].variant.engine" must be one of "onnx", "mlc" (got "tvm").',
    );
    expect(importError(withRunField((r) => delete r.device)).field).toBe('runs[1].device');
    expect(importError(withRunField((r) => (r.load.files[0].bytes = -3))).field).toBe('runs[1].load.files[0].bytes');
    expect(importError(withRunField((r) => (r.variant.spec.model.source = 'ftp'))).field).toBe('runs[1].variant.spec.model.source');
    expect(importError(withRunField((r) => (r.createdAt = 'yesterday'))).message).toMatch(/"runs\[1\]\.createdAt" must be an ISO 8601 date/);
    expect(importError(withRunField((r) => (r.perplexity.quality.exact = 'yes'))).field).toBe('runs[1].perplexity.quality.exact');
  });

  it('explains unreadable, foreign and newer files', () => {
    expect(importError('{"format": ').message).toMatch(/runs\.json is not valid JSON/);
    expect(importError('[]').message).toMatch(/an LLM Lab results object/);
    expect(importError('{"format":"other","schemaVersion":1}').field).toBe('format');
    const newer = importError(JSON.stringify({ ...JSON.parse(exportRunsJson([], laptop)), schemaVersion: 99 }));
    expect(newer.message).toMatch(/newer than this app understands.*update the app/);
  });

  it('is rebuilt as an ImportError after crossing a worker boundary', () => {
    const rebuilt = fromWire(toWire(importError('[]')));
    expect(rebuilt).toBeInstanceOf(ImportError);
    expect(rebuilt.code).toBe('invalid-argument');
  });
});

describe('merging runs from several devices', () => {
  it('de-duplicates by id, keeps each run\'s device and lists the devices', () => {
    const fromLaptop = exportRunsJson([sampleRun('a'), sampleRun('b', { createdAt: '2025-03-03T00:00:00.000Z' })], laptop);
    const fromPhone = exportRunsJson([sampleRun('b'), sampleRun('c', { device: phone })], phone);
    const merged = importRunFiles([{ name: 'laptop.json', text: fromLaptop }, { name: 'phone.json', text: fromPhone }], [sampleRun('a')]);
    expect(merged.runs.map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(merged.added).toEqual(['b', 'c']);
    expect(merged.duplicates.sort()).toEqual(['a', 'b']);
    expect(merged.runs.find((r) => r.id === 'c')!.device).toEqual(phone);
    expect(merged.devices).toHaveLength(2);
    expect(mergeRuns([], []).runs).toEqual([]);
  });

  it('names the file that failed among several', () => {
    expect(() => importRunFiles([{ name: 'ok.json', text: exportRunsJson([], laptop) }, { name: 'bad.json', text: '{}' }])).toThrow(/^bad\.json: Field "format"/);
  });
});

describe('run helpers', () => {
  it('lists approximation flags only for approximate figures', () => {
    expect(runApproximations(sampleRun('a'))).toEqual([]);
    const run = sampleRun('a');
    run.comparison!.quality = { exact: false, method: 'forced-top-k', notes: ['spread tail'] };
    expect(runApproximations(run)).toEqual(['comparison: spread tail']);
  });

  it('summarizes user agents', () => {
    expect(summarizeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36')).toBe('Chrome 131 (headless) on Linux');
    expect(summarizeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0')).toBe('Edge 130 on Windows');
    expect(summarizeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15')).toBe('Safari 17 on macOS');
    expect(summarizeUserAgent('Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0')).toBe('Firefox 125 on Android');
    expect(summarizeUserAgent('curl/8')).toBe('unknown browser on unknown system');
  });
});
