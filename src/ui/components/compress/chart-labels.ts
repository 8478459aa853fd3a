// A uPlot plugin that writes a text label next to each point of one series, on that series' own
// scale (the Compare page's pointLabels assumes the default 'y' scale; sweep charts have two).
import type uPlot from 'uplot';
import { cssVar } from '../compare/chart-theme.ts';

export function seriesLabels(seriesIndex: number, labels: readonly string[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const scale = u.series[seriesIndex]?.scale ?? 'y';
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = cssVar('--text', '#14171c');
          ctx.font = `${Math.round(12 * devicePixelRatio)}px system-ui, sans-serif`;
          const xs = u.data[0];
          const ys = u.data[seriesIndex] ?? [];
          for (let i = 0; i < xs.length; i++) {
            const y = ys[i];
            if (y === null || y === undefined) continue;
            ctx.fillText(labels[i] ?? '', u.valToPos(xs[i]!, 'x', true) + 7 * devicePixelRatio, u.valToPos(y, scale, true) - 7 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** A scale from zero to a little above the largest value, so two quantities on one chart do not overlap by accident of auto-ranging. */
export const fromZero: uPlot.Scale.Range = (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1];

/** The data's range with 6% room on each side, so labels at the ends stay inside the plot. */
export const padded: uPlot.Scale.Range = (_u, min, max) => {
  const room = (max - min || Math.abs(max) || 1) * 0.06;
  return [min - room, max + room];
};
