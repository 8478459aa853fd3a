// Small self-contained SVG charts for the one-file report (no script, no external assets): a
// scatter of size vs KL divergence with the Pareto front, and bars of decode speed.
import { paretoFront } from '../compare/pareto.ts';

const W = 640;
const H = 320;
const PAD = { left: 70, right: 20, top: 20, bottom: 60 };
const COLORS = { point: '#1d5fd1', front: '#e07b00', axis: '#5b6472', text: '#14171c' };

export const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function scale(min: number, max: number, from: number, to: number) {
  const span = max - min || 1;
  return (v: number) => from + ((v - min) / span) * (to - from);
}

function ticks(min: number, max: number, count = 5): number[] {
  const step = (max - min) / (count - 1 || 1);
  return Array.from({ length: count }, (_, i) => min + i * step);
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toPrecision(2));

function axes(xLabel: string, yLabel: string, xTicks: [number, number][], yTicks: [number, number][]): string {
  const x0 = PAD.left;
  const y0 = H - PAD.bottom;
  const lines = [
    `<line x1="${x0}" y1="${y0}" x2="${W - PAD.right}" y2="${y0}" stroke="${COLORS.axis}"/>`,
    `<line x1="${x0}" y1="${PAD.top}" x2="${x0}" y2="${y0}" stroke="${COLORS.axis}"/>`,
    ...xTicks.map(([v, px]) => `<text x="${px}" y="${y0 + 16}" font-size="11" text-anchor="middle" fill="${COLORS.text}">${fmt(v)}</text>`),
    ...yTicks.map(([v, py]) => `<text x="${x0 - 6}" y="${py + 4}" font-size="11" text-anchor="end" fill="${COLORS.text}">${fmt(v)}</text>`),
    `<text x="${(x0 + W - PAD.right) / 2}" y="${H - 18}" font-size="12" text-anchor="middle" fill="${COLORS.text}">${escapeXml(xLabel)}</text>`,
    `<text x="16" y="${(PAD.top + y0) / 2}" font-size="12" text-anchor="middle" fill="${COLORS.text}" transform="rotate(-90 16 ${(PAD.top + y0) / 2})">${escapeXml(yLabel)}</text>`,
  ];
  return lines.join('');
}

export interface ScatterPoint {
  id: string;
  label: string;
  x: number;
  y: number;
}

export function tradeOffSvg(points: readonly ScatterPoint[], xLabel: string, yLabel: string): string {
  if (points.length === 0) return '';
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [xMin, xMax] = [Math.min(...xs, 0), Math.max(...xs)];
  const [yMin, yMax] = [Math.min(...ys, 0), Math.max(...ys) * 1.1 || 1];
  const sx = scale(xMin, xMax, PAD.left + 10, W - PAD.right - 10);
  const sy = scale(yMin, yMax, H - PAD.bottom, PAD.top);
  const front = paretoFront(points.map((p) => ({ id: p.id, size: p.x, loss: p.y })));
  const frontPoints = front.map((id) => points.find((p) => p.id === id)!);
  const path = frontPoints.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  const marks = points.map((p) => {
    const onFront = front.includes(p.id);
    return `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="5" fill="${COLORS.point}"${onFront ? ` stroke="${COLORS.front}" stroke-width="3"` : ''}><title>${escapeXml(p.label)}</title></circle>` +
      // Labels of points on the right half run leftwards, so none is cut at the chart's edge.
      (sx(p.x) > W / 2
        ? `<text x="${(sx(p.x) - 7).toFixed(1)}" y="${(sy(p.y) - 7).toFixed(1)}" font-size="10" text-anchor="end" fill="${COLORS.text}">${escapeXml(p.label)}</text>`
        : `<text x="${(sx(p.x) + 7).toFixed(1)}" y="${(sy(p.y) - 7).toFixed(1)}" font-size="10" fill="${COLORS.text}">${escapeXml(p.label)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(`${yLabel} against ${xLabel}`)}">` +
    axes(xLabel, yLabel, ticks(xMin, xMax).map((v) => [v, sx(v)]), ticks(yMin, yMax).map((v) => [v, sy(v)])) +
    (path ? `<path d="${path}" fill="none" stroke="${COLORS.front}" stroke-width="2" stroke-dasharray="6 4"/>` : '') +
    marks.join('') + '</svg>';
}

export interface Bar {
  label: string;
  value: number;
}

export function barsSvg(bars: readonly Bar[], yLabel: string): string {
  if (bars.length === 0) return '';
  const max = Math.max(...bars.map((b) => b.value)) * 1.1 || 1;
  const sy = scale(0, max, H - PAD.bottom, PAD.top);
  const slot = (W - PAD.left - PAD.right) / bars.length;
  const rects = bars.map((b, i) => {
    const x = PAD.left + i * slot + slot * 0.2;
    const y = sy(b.value);
    return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${(H - PAD.bottom - y).toFixed(1)}" fill="${COLORS.point}"><title>${escapeXml(`${b.label}: ${fmt(b.value)}`)}</title></rect>` +
      `<text x="${(x + slot * 0.3).toFixed(1)}" y="${H - PAD.bottom + 30}" font-size="10" text-anchor="middle" fill="${COLORS.text}">${escapeXml(b.label.slice(0, 28))}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(yLabel)}">` +
    axes('', yLabel, [], ticks(0, max).map((v) => [v, sy(v)])) + rects.join('') + '</svg>';
}
