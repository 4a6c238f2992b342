// The Settings button exists only where the API offers settings (the Electron window); in a browser
// `api.settings` is absent and the button stays hidden. The view is mounted on first open, and opened
// by itself on a first run (no log configured yet) and while the demo runs.
import type { RendererApi, SettingsApi } from '../main/contract.js';
import { byId } from './dom.js';
import { mountSettings } from './settings/settings-view.js';

/** Returns a way to open the settings, or null where the API has none. */
export function mountSettingsButton(api: RendererApi): { open(): void } | null {
  return api.settings ? wireSettings(api.settings) : null;
}

function wireSettings(settings: SettingsApi): { open(): void } {
  const button = byId('open-settings', HTMLButtonElement);
  const root = byId('settings-root', HTMLElement);
  let mounted = false;

  function show(open: boolean): void {
    if (open && !mounted) {
      mountSettings(root, settings);
      mounted = true;
    }
    root.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Close settings' : 'Settings';
    if (open) root.scrollIntoView({ block: 'start' });
  }

  button.hidden = false;
  button.setAttribute('aria-controls', 'settings-root');
  button.addEventListener('click', () => show(root.hidden));
  settings.get().then(
    (state) => {
      if (state.firstRun || state.demoRunning) show(true);
    },
    (error: unknown) => console.warn('could not read the settings', error),
  );
  return { open: () => show(true) };
}
