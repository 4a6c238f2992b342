// The filter select: all servers, one source, or one virtual server; every panel follows it.
import { byId, el, replaceChildren } from '../dom.js';
import { formatServer } from '../format.js';
import type { DashboardState, Filter } from '../state.js';

interface Option {
  label: string;
  filter: Filter;
}

function sameFilter(a: Filter, b: Filter): boolean {
  return a.source === b.source && a.server === b.server;
}

function option(options: Option[], label: string, filter: Filter): HTMLOptionElement {
  options.push({ label, filter });
  return el('option', { attrs: { value: String(options.length - 1) } }, label);
}

export function mountFilter(state: DashboardState, onChange: () => void): { render(): void } {
  const select = byId('filter', HTMLSelectElement);
  let options: Option[] = [];
  let shape = '';

  select.addEventListener('change', () => {
    state.filter = options[Number(select.value)]?.filter ?? {};
    onChange();
  });

  return {
    render() {
      const servers = state.snapshot?.servers ?? [];
      const sources = [...new Set([...(state.snapshot?.sources ?? []).map((s) => s.name), ...servers.map((s) => s.source)])];
      const groups = sources.map((source) => ({
        source,
        ids: servers.filter((s) => s.source === source).map((s) => s.server).sort((a, b) => a - b),
      }));
      // Rebuild only when the set of servers changed, so an open select is not disturbed by live updates.
      const nextShape = JSON.stringify(groups);
      if (nextShape !== shape) {
        shape = nextShape;
        options = [];
        replaceChildren(select, [
          option(options, 'All servers', {}),
          ...groups.map((g) =>
            el(
              'optgroup',
              { attrs: { label: g.source } },
              option(options, `${g.source}: all virtual servers`, { source: g.source }),
              ...g.ids.map((server) => option(options, formatServer(g.source, server), { source: g.source, server })),
            ),
          ),
        ]);
      }
      const selected = options.findIndex((o) => sameFilter(o.filter, state.filter));
      select.value = String(Math.max(0, selected));
    },
  };
}
