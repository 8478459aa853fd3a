// Chart colours and axis styling read from the page's CSS variables, so charts follow the theme
// and use the colour-blind-safe series palette.
import type uPlot from 'uplot';
import { theme } from '../../stores/theme.svelte.ts';

/** A CSS variable's value; read inside a $derived, it makes the chart options follow theme changes. */
export function cssVar(name: string, fallback: string): string {
  void theme.scheme;
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function axis(label: string, values?: uPlot.Axis['values']): uPlot.Axis {
  const text = cssVar('--text', '#14171c');
  const grid = cssVar('--border', '#d5dae1');
  return { label, stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, ...(values ? { values } : {}) };
}

/** Draws a text label next to each point of a series (uPlot has no point labels of its own). */
export function pointLabels(seriesIndex: number, labels: readonly string[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = cssVar('--text', '#14171c');
          ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
          const xs = u.data[0];
          const ys = u.data[seriesIndex]!;
          for (let i = 0; i < xs.length; i++) {
            const y = ys[i];
            if (y === null || y === undefined) continue;
            const px = u.valToPos(xs[i]!, 'x', true);
            const py = u.valToPos(y, 'y', true);
            ctx.fillText(labels[i] ?? '', px + 6 * devicePixelRatio, py - 6 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** Tick labels for values spanning orders of magnitude (KL divergences from 1e-9 to 1). */
export function formatSmall(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 0.01 && magnitude < 1000 ? String(Number(value.toPrecision(3))) : value.toExponential(1);
}
