// At a glance: the gauge of users online against capacity, per-server counts and each source's state.
import type { SourceStatus } from '../../main/contract.js';
import { createGauge } from '../charts/gauge.js';
import { byId, el, replaceChildren } from '../dom.js';
import { formatInstant, formatLogTime, formatNumber, formatServer } from '../format.js';
import { serverNowMs } from '../../main/log-time.js';
import type { DashboardState } from '../state.js';

const stateWords: Record<SourceStatus['state'], string> = {
  following: 'following',
  waiting: 'waiting',
  error: 'error',
  backfilling: 'reading history',
  unreachable: 'unreachable',
};

export function mountGlance(state: DashboardState): { render(): void } {
  const gauge = createGauge(byId('gauge', HTMLCanvasElement));
  const counts = byId('server-counts', HTMLUListElement);
  const sources = byId('source-states', HTMLUListElement);

  function renderGauge(): void {
    const online = state.online().length;
    const capacity = state.capacity();
    const peak = Math.max(0, ...state.days(30).map((d) => d.peakOnline));
    const max = capacity ?? Math.max(peak, online, 1);
    const caption = capacity !== undefined ? `online of ${capacity} slots` : `online · 30-day peak ${peak}`;
    gauge.update(online, max, caption);
    byId('gauge', HTMLCanvasElement).setAttribute('aria-label', `${online} online, ${caption}`);
  }

  function renderCounts(): void {
    const servers = state.servers();
    replaceChildren(
      counts,
      servers.length === 0
        ? [el('li', { className: 'muted' }, 'No servers seen in the logs yet')]
        : servers.map((s) =>
            el(
              'li',
              null,
              el('span', { className: 'label' }, formatServer(s.source, s.server)),
              el('span', { className: 'value' }, formatNumber(s.online.length)),
            ),
          ),
    );
  }

  /** `Murmur stopped since 13:05` when the log's last word is a shutdown; "today" is the server's own day. */
  function murmurDown(s: SourceStatus): string | null {
    if (s.murmur?.state !== 'stopped') return null;
    return `Murmur stopped since ${formatLogTime(s.murmur.since, serverNowMs(s.timezone))}`;
  }

  /** `unreachable since 14:05` for a remote agent that stopped answering (this computer's clock). */
  function agentDown(s: SourceStatus): string | null {
    if (s.state !== 'unreachable' || s.unreachableSince === undefined) return null;
    return `since ${formatInstant(Date.parse(s.unreachableSince))}`;
  }

  function renderSources(): void {
    const list = (state.snapshot?.sources ?? []).filter((s) => state.matches(s.name));
    replaceChildren(
      sources,
      list.map((s) => {
        const down = murmurDown(s);
        const away = agentDown(s);
        return el(
          'li',
          { className: `source state-${s.state}${down === null ? '' : ' murmur-stopped'}`, title: s.agent === undefined ? s.path : `${s.agent} · ${s.path}` },
          el('span', { className: 'dot', attrs: { 'aria-hidden': 'true' } }),
          el('span', { className: 'label' }, s.name),
          el('span', { className: 'state' }, stateWords[s.state] ?? s.state),
          away === null ? null : el('span', { className: 'state' }, away),
          down === null ? null : el('span', { className: 'reason murmur-down' }, down),
          s.message ? el('span', { className: 'reason' }, s.message) : null,
          s.unparsedLines > 0 ? el('span', { className: 'reason' }, `${formatNumber(s.unparsedLines)} unparsed lines`) : null,
        );
      }),
    );
  }

  return {
    render() {
      renderGauge();
      renderCounts();
      renderSources();
    },
  };
}
