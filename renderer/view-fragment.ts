// The URL fragment names the view to open: `#source=main&server=1` filters the dashboard to one server,
// `#view=settings` opens the settings. The Electron shell opens these from the tray menu and from
// notifications (main/electron/views.ts writes them), and a browser user can bookmark them.
import type { Filter } from './state.js';

export interface FragmentView {
  /** Absent when the fragment names no source: the current filter stays. */
  filter?: Filter;
  settings: boolean;
}

export function parseViewFragment(hash: string): FragmentView {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const source = params.get('source');
  const server = Number(params.get('server'));
  const view: FragmentView = { settings: params.get('view') === 'settings' };
  if (source) view.filter = Number.isInteger(server) && server > 0 ? { source, server } : { source };
  return view;
}
