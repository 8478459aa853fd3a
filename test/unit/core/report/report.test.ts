// The one-file report: every run is a table row with its device, the baseline is starred, the
// charts have one mark per compared run with the Pareto front chosen as a brute-force check says,
// and model output is escaped (never HTML).
import { describe, expect, test } from 'vitest';
import { renderHtmlReport, renderMarkdownReport } from '../../../../src/core/report/comparison-report.ts';
import { paretoFront } from '../../../../src/core/compare/pareto.ts';
import { laptop, phone, sampleRun } from '../results/sample-run.ts';

const base = sampleRun('base', { comparison: null, outputText: 'The whale' });
const small = sampleRun('small', { variant: { ...sampleRun('x').variant, sizeOnDiskBytes: 40e6, dtype: 'q4' }, outputText: '<script>alert(1)</script> **bold**' });
const mid = sampleRun('mid', { variant: { ...sampleRun('x').variant, sizeOnDiskBytes: 80e6, dtype: 'q8' }, device: phone });
const worse = sampleRun('worse', { variant: { ...sampleRun('x').variant, sizeOnDiskBytes: 90e6, dtype: 'int8' } });
mid.comparison = { ...mid.comparison!, kld: { ...mid.comparison!.kld, mean: 0.01 } };
worse.comparison = { ...worse.comparison!, kld: { ...worse.comparison!.kld, mean: 0.05 } };
const input = { title: 'Demo <comparison>', runs: [base, small, mid, worse], baselineRunId: 'base', createdAt: new Date('2026-01-02T03:04:05Z') };

function bruteForceFront(points: { id: string; size: number; loss: number }[]): string[] {
  return points.filter((p) => !points.some((q) => q !== p && q.size <= p.size && q.loss <= p.loss && (q.size < p.size || q.loss < p.loss))).map((p) => p.id);
}

describe('comparison report', () => {
  const html = renderHtmlReport(input);

  test('has a row per run with its device, the baseline starred, and no raw model HTML', () => {
    expect(html.match(/<tr>/g)?.length).toBe(1 + 4);
    expect(html).toContain('★ ');
    expect(html).toContain('Chrome 130 on Android');
    expect(html).toContain(laptop.adapter!.vendor);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Demo &lt;comparison&gt;');
  });

  test('the trade-off chart marks exactly the Pareto front', () => {
    const points = [small, mid, worse].map((r) => ({ id: r.id, size: r.variant.sizeOnDiskBytes!, loss: r.comparison!.kld.mean }));
    expect(new Set(paretoFront(points))).toEqual(new Set(bruteForceFront(points)));
    expect(paretoFront(points)).toEqual(['small', 'mid']);
    // The baseline is plotted at KLD 0: it joins the front at its own (largest) size.
    const withBaseline = [...points, { id: 'base', size: base.variant.sizeOnDiskBytes!, loss: 0 }];
    expect(paretoFront(withBaseline)).toEqual(bruteForceFront(withBaseline).sort((a, b) => ['small', 'mid', 'base'].indexOf(a) - ['small', 'mid', 'base'].indexOf(b)));
    const circles = html.match(/<circle[^>]*>/g) ?? [];
    expect(circles.length).toBe(4);
    expect(circles.filter((c) => c.includes('stroke=')).length).toBe(3);
    expect((html.match(/<rect /g) ?? []).length).toBe(0); // no latency figures in these runs: no bars
  });

  test('markdown has the same table and embeds the charts as SVG images', () => {
    const markdown = renderMarkdownReport(input);
    const rows = markdown.split('\n').filter((l) => l.startsWith('| '));
    expect(rows.length).toBe(1 + 4);
    expect(markdown).toContain('data:image/svg+xml;utf8,');
    expect(markdown).toContain("<script>alert(1)</script>"); // inside a fenced code block, shown as text
    expect(markdown.indexOf('```text\n<script>')).toBeGreaterThan(0);
  });

  test('without a chosen baseline, the run every comparison refers to is starred and plotted at KLD 0', () => {
    const runs = [base, small, mid, worse].map((r) => (r.comparison ? { ...r, comparison: { ...r.comparison, baselineRunId: 'base' } } : r));
    const inferred = renderHtmlReport({ ...input, runs, baselineRunId: null });
    expect(inferred.match(/★ /g)?.length).toBe(1);
    expect(inferred).toMatch(/<td>★ [^<]*<\/td>/);
    expect((inferred.match(/<circle[^>]*>/g) ?? []).length).toBe(4);
    expect(renderMarkdownReport({ ...input, runs, baselineRunId: null })).toContain('★ ');
    // Comparisons against a run not in the report, or against different runs: no star is guessed.
    const elsewhere = runs.map((r) => (r.comparison ? { ...r, comparison: { ...r.comparison, baselineRunId: 'gone' } } : r));
    expect(renderHtmlReport({ ...input, runs: elsewhere, baselineRunId: null })).not.toContain('★ ');
    const mixed = runs.map((r, i) => (r.comparison ? { ...r, comparison: { ...r.comparison, baselineRunId: i === 1 ? 'base' : 'mid' } } : r));
    expect(renderHtmlReport({ ...input, runs: mixed, baselineRunId: null })).not.toContain('★ ');
  });

  test('labels of points on the right run leftwards, inside the chart', () => {
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    const width = Number(svg.match(/viewBox="0 0 (\d+) /)![1]);
    const marks = [...svg.matchAll(/<circle cx="([\d.]+)"[^>]*>.*?<\/circle><text x="([\d.]+)"([^>]*)>([^<]*)</g)];
    expect(marks.length).toBe(4);
    const rightSide = marks.filter((m) => Number(m[1]) > width / 2);
    expect(rightSide.length).toBeGreaterThan(0);
    for (const [, cx, x, attributes] of marks) {
      const leftwards = attributes!.includes('text-anchor="end"');
      expect(leftwards).toBe(Number(cx) > width / 2);
      expect(leftwards ? Number(x) < Number(cx) : Number(x) > Number(cx)).toBe(true);
    }
  });
});
