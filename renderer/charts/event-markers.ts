// Server events (a crash, a restart, a stop) drawn as dashed vertical lines across a time chart, so a dip
// in traffic or CPU is seen beside its cause. A Chart.js plugin: it draws after the data, inside the
// chart area. Labels are our own words for the event kind, drawn on the canvas.
import type { Chart, Plugin } from 'chart.js';
import type { Palette } from './setup.js';

export interface Marker {
  /** Epoch ms on the chart's time axis. */
  x: number;
  label: string;
  /** Drawn in the palette's "bad" colour (a crash) rather than its "warn" colour. */
  severe: boolean;
}

const LABEL_GAP_PX = 4;

/** A plugin drawing `markers()` on whatever chart it is given to, in `palette()`'s colours. */
export function eventMarkers(markers: () => readonly Marker[], palette: () => Palette): Plugin<'bar' | 'line'> {
  return {
    id: 'murmurEventMarkers',
    afterDatasetsDraw(chart: Chart<'bar' | 'line'>) {
      const list = markers();
      const x = chart.scales.x;
      if (list.length === 0 || x === undefined) return;
      const { ctx, chartArea: area } = chart;
      const colours = palette();
      ctx.save();
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.font = `11px ${chart.options.font?.family ?? 'sans-serif'}`;
      ctx.textBaseline = 'top';
      // Labels of close events would overlap: the line is still drawn, the later label is left out.
      let labelsEnd = -Infinity;
      for (const marker of [...list].sort((a, b) => a.x - b.x)) {
        const px = x.getPixelForValue(marker.x);
        if (!(px >= area.left && px <= area.right)) continue;
        const colour = marker.severe ? colours.bad : colours.warn;
        ctx.strokeStyle = colour;
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        const width = ctx.measureText(marker.label).width;
        // Near the right edge the label goes to the left of its line.
        const start = px + LABEL_GAP_PX + width <= area.right ? px + LABEL_GAP_PX : px - LABEL_GAP_PX - width;
        if (start < labelsEnd) continue;
        ctx.fillStyle = colour;
        ctx.fillText(marker.label, start, area.top + 2);
        labelsEnd = start + width + LABEL_GAP_PX;
      }
      ctx.restore();
    },
  };
}
