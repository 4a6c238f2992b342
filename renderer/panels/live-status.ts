// The line under the top bar that says when live updates stop: while the browser's event stream is down,
// the online list no longer follows joins and leaves, and an admin must not take it for the truth.
import type { LiveConnection } from '../../main/contract.js';
import { byId } from '../dom.js';

const MESSAGES: Record<Exclude<LiveConnection, 'live'>, string> = {
  reconnecting: 'Live updates paused: the connection to the monitor was lost. Reconnecting… Until then the figures below may be out of date.',
  closed: 'Live updates stopped: the monitor refused the event stream (was it restarted with another token?). Reload the page.',
};

export function mountLiveStatus(): { update(state: LiveConnection): void } {
  const line = byId('live-status', HTMLParagraphElement);
  return {
    update(state: LiveConnection): void {
      line.hidden = state === 'live';
      line.textContent = state === 'live' ? '' : MESSAGES[state];
      // For styles and tests: the whole page knows whether it is live.
      document.documentElement.dataset.live = state;
    },
  };
}
