// The Settings button exists only where the API offers settings (the Electron window); the browser build
// hides it.
import type { RendererApi } from '../main/contract.js';
import { byId } from './dom.js';

export function mountSettingsButton(api: RendererApi): void {
  const button = byId('open-settings', HTMLButtonElement);
  button.hidden = !('settings' in api);
}
