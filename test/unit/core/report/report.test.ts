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
});
