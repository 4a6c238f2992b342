// The at-a-glance half-doughnut: users online against capacity, the number drawn in the middle.
import type { Plugin } from 'chart.js';
import { Chart, mirrorData, onRecolour, readPalette, seriesColour, type Palette } from './setup.js';

interface GaugeState {
  value: number;
  max: number;
  caption: string;
}

export interface Gauge {
  update(value: number, max: number, caption: string): void;
}

export function createGauge(canvas: HTMLCanvasElement): Gauge {
  const state: GaugeState = { value: 0, max: 1, caption: '' };
  let palette = readPalette();

  // Our own bundled plugin (CSP-safe): the big number and its caption on the canvas, centred on the arc.
  const centreText: Plugin<'doughnut'> = {
    id: 'centreText',
    afterDraw(chart) {
      const arc = chart.getDatasetMeta(0).data[0];
      if (!arc) return;
      const { ctx } = chart;
      const radius = (arc as unknown as { outerRadius: number }).outerRadius;
      ctx.save();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'alphabetic';
      ctx.fillStyle = palette.text;
      ctx.font = `600 ${Math.round(radius * 0.42)}px ${Chart.defaults.font.family ?? 'sans-serif'}`;
      ctx.fillText(String(state.value), arc.x, arc.y - radius * 0.06);
      ctx.fillStyle = palette.muted;
      ctx.textBaseline = 'top';
      ctx.font = `13px ${Chart.defaults.font.family ?? 'sans-serif'}`;
      ctx.fillText(state.caption, arc.x, arc.y + 8);
      ctx.restore();
    },
  };

  const colours = (): string[] => [seriesColour(palette, 0), palette.track];
  const chart = new Chart(canvas, {
    type: 'doughnut',
    data: { labels: ['online', 'free'], datasets: [{ data: [0, 1], backgroundColor: colours(), borderWidth: 0 }] },
    options: {
      circumference: 180,
      rotation: -90,
      cutout: '74%',
      responsive: true,
      // Room under the arc for the caption line.
      layout: { padding: { bottom: 26 } },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
    },
    plugins: [centreText],
  });

  onRecolour((next: Palette) => {
    palette = next;
    const dataset = chart.data.datasets[0];
    if (dataset) dataset.backgroundColor = colours();
    chart.update('none');
  });

  return {
    update(value, max, caption) {
      state.value = value;
      state.max = Math.max(max, value, 1);
      state.caption = caption;
      const dataset = chart.data.datasets[0];
      if (dataset) dataset.data = [value, state.max - value];
      chart.update('none');
      mirrorData(chart);
    },
  };
}
