// The progress bar shown while history is read from existing logs: bytes done, total and time left.
import type { BackfillProgress } from '../../main/contract.js';
import { byId, setText } from '../dom.js';
import { formatBytes, formatDuration } from '../format.js';

export function mountBackfill(): { update(progress: BackfillProgress[]): void } {
  const box = byId('backfill', HTMLElement);
  const label = byId('backfill-text', HTMLDivElement);
  const bar = byId('backfill-bar', HTMLDivElement);
  const fill = byId('backfill-fill', HTMLDivElement);

  return {
    update(progress) {
      const running = progress.filter((p) => !p.done);
      box.hidden = running.length === 0;
      if (running.length === 0) return;
      const done = running.reduce((sum, p) => sum + p.bytesDone, 0);
      const total = running.reduce((sum, p) => sum + p.bytesTotal, 0);
      const percent = total > 0 ? Math.min(100, (100 * done) / total) : 0;
      const etas = running.map((p) => p.etaSeconds).filter((s): s is number => s !== undefined);
      const eta = etas.length > 0 ? `, about ${formatDuration(Math.max(...etas))} left` : '';
      const names = running.map((p) => p.source).join(', ');
      setText(label, `Reading history of ${names}: ${formatBytes(done)} of ${formatBytes(total)}${eta}`);
      bar.setAttribute('aria-valuenow', String(Math.round(percent)));
      // CSSOM property, not a style attribute string: allowed by style-src 'self'.
      fill.style.width = `${percent}%`;
    },
  };
}
