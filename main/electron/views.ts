// Which view the window opens on, carried in the URL fragment so it works for both transports (a browser
// can bookmark `/#source=main&server=1`) and a fragment change does not reload the page.
import { DASHBOARD_URL } from './app-identity.js';

export type DashboardView = { kind: 'dashboard' } | { kind: 'server'; source: string; server: number } | { kind: 'settings' };

export function viewFragment(view: DashboardView): string {
  const params = new URLSearchParams();
  if (view.kind === 'server') {
    params.set('source', view.source);
    params.set('server', String(view.server));
  }
  if (view.kind === 'settings') params.set('view', 'settings');
  const text = params.toString();
  return text === '' ? '' : `#${text}`;
}

export function dashboardUrl(view: DashboardView): string {
  return `${DASHBOARD_URL}${viewFragment(view)}`;
}
