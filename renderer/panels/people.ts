// People: "last seen" for any name, and the users with the most time online.
import type { LastSeen, RendererApi } from '../../main/contract.js';
import { byId, el, notice, replaceChildren } from '../dom.js';
import { formatAccount, formatDuration, formatLogTime, formatLogTimeShort, formatNumber, formatServer } from '../format.js';
import type { DashboardState } from '../state.js';
import { emptyRow } from './list-helpers.js';

const TOP_USERS = 15;

function describe(found: LastSeen, now: number): HTMLElement {
  return el(
    'li',
    null,
    el('span', { className: 'name' }, found.name),
    el('span', { className: 'muted' }, ` ${formatAccount(found.userId)} on ${formatServer(found.source, found.server)}: `),
    found.online ? el('strong', { className: 'online-now' }, 'online now') : `last seen ${formatLogTime(found.lastSeen, now)}`,
  );
}

export function mountPeople(state: DashboardState, api: RendererApi): { render(): void } {
  const form = byId('last-seen-form', HTMLFormElement);
  const input = byId('last-seen-name', HTMLInputElement);
  const result = byId('last-seen-result', HTMLDivElement);
  const top = byId('top-users', HTMLTableElement);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    replaceChildren(result, [notice('Looking…')]);
    api.findLastSeen(name).then(
      (found) => {
        const now = Date.now();
        const shown = found.filter((f) => state.matches(f.source, f.server));
        replaceChildren(
          result,
          shown.length === 0 ? [notice(`Nobody called “${name}” in the logs.`)] : [el('ul', null, ...shown.map((f) => describe(f, now)))],
        );
      },
      (error: unknown) => replaceChildren(result, [notice(`Could not look it up: ${String(error)}`)]),
    );
  });

  return {
    render() {
      const list = (state.history?.topUsers ?? []).slice(0, TOP_USERS);
      const now = Date.now();
      replaceChildren(
        top.tBodies[0] ?? top.createTBody(),
        list.length === 0
          ? [emptyRow(5, 'No sessions in this period.')]
          : list.map((u) =>
              el(
                'tr',
                null,
                el('td', { className: 'name' }, u.name),
                el('td', null, formatAccount(u.userId)),
                el('td', { className: 'num' }, formatNumber(u.sessions)),
                el('td', { className: 'num' }, formatDuration(u.secondsOnline)),
                el('td', { title: u.lastSeen }, formatLogTimeShort(u.lastSeen, now)),
              ),
            ),
      );
    },
  };
}
