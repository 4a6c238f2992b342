// Security: failed logins with their reasons, banned connections, ban changes and TLS errors from the log.
// The counts are toggle buttons that narrow the list to one kind (TLS probes can drown everything else).
// A monitor that keeps no client addresses (addresses off) lists the rest, and says why none is shown.
import type { SecurityEventKind } from '../../main/contract.js';
import { byId, el, replaceChildren } from '../dom.js';
import { formatLogTimeShort, formatNumber } from '../format.js';
import type { DashboardState } from '../state.js';
import { emptyRow, newestFirst } from './list-helpers.js';

const GROUPS: Array<{ label: string; kinds: SecurityEventKind[] }> = [
  { label: 'Failed logins', kinds: ['rejected'] },
  { label: 'Banned connections', kinds: ['ban-ignored', 'cert-banned'] },
  { label: 'Bans changed', kinds: ['ban-added', 'ban-removed'] },
  { label: 'TLS errors', kinds: ['tls-error'] },
];

const words: Record<SecurityEventKind, string> = {
  rejected: 'failed login',
  'ban-ignored': 'banned address',
  'cert-banned': 'banned certificate',
  'ban-added': 'ban added',
  'ban-removed': 'ban removed',
  'tls-error': 'TLS error',
};

export function mountSecurity(state: DashboardState): { render(): void } {
  const table = byId('security-table', HTMLTableElement);
  const summary = byId('security-summary', HTMLUListElement);
  const noAddresses = byId('security-addresses', HTMLParagraphElement);
  let selected: number | null = null;

  function render(): void {
    const all = state.history?.security ?? [];
    const sources = state.snapshot?.sources ?? [];
    noAddresses.hidden = sources.length === 0 || sources.some((source) => source.addresses !== 'not kept');
    replaceChildren(
      summary,
      GROUPS.map((group, index) => {
        const count = all.filter((e) => group.kinds.includes(e.kind)).length;
        const button = el(
          'button',
          { className: 'chip', attrs: { type: 'button', 'aria-pressed': String(selected === index) } },
          el('span', { className: 'label' }, group.label),
          el('span', { className: 'value' }, formatNumber(count)),
        );
        button.addEventListener('click', () => {
          selected = selected === index ? null : index;
          render();
          summary.querySelectorAll('button')[index]?.focus();
        });
        return el('li', null, button);
      }),
    );
    const kinds = selected === null ? null : (GROUPS[selected]?.kinds ?? null);
    const list = newestFirst(kinds ? all.filter((e) => kinds.includes(e.kind)) : all, (e) => e.at);
    const now = Date.now();
    replaceChildren(
      table.tBodies[0] ?? table.createTBody(),
      list.length === 0
        ? [emptyRow(4, kinds ? 'None of these in this period.' : 'Nothing suspicious in this period.')]
        : list.map((e) =>
            el(
              'tr',
              { className: `sec-${e.kind}` },
              el('td', { title: e.at }, formatLogTimeShort(e.at, now)),
              el('td', null, words[e.kind] ?? e.kind),
              el('td', { className: 'name' }, [e.name, e.address].filter(Boolean).join(' · ') || '–'),
              el('td', { title: e.reason }, el('span', { className: 'clamp' }, e.reason)),
            ),
          ),
    );
  }

  return { render };
}
