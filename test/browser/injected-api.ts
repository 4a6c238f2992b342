// A RendererApi installed in the page before its scripts, the way the Electron preload exposes
// `window.murmurMonitor`: canned data, no server. Playwright serialises `installApi`, so it may use
// nothing from module scope.
import type { History, PerfSeries, RendererApi, SettingsState, Snapshot } from '../../main/contract.js';

export interface InjectedData {
  snapshot: Snapshot;
  history: History;
  perf30: PerfSeries;
  /** When present the API has `settings` (as in the Electron window); saves are recorded in `window.__saved`. */
  settings?: SettingsState;
}

export function installApi(data: InjectedData): void {
  const quiet = (): (() => void) => () => undefined;
  const page = globalThis as unknown as { murmurMonitor: RendererApi; __saved: unknown[] };
  page.__saved = [];
  const api: RendererApi = {
    getSnapshot: async () => structuredClone(data.snapshot),
    getHistory: async () => structuredClone(data.history),
    findLastSeen: async () => [],
    getPerf: async (range) => structuredClone(range === '30d' ? data.perf30 : (data.snapshot.perf ?? data.perf30)),
    exportCsv: async () => '',
    onJoin: quiet,
    onLeave: quiet,
    onProgress: quiet,
    onChanged: quiet,
  };
  const state = data.settings;
  if (state) {
    api.settings = {
      get: async () => structuredClone(state),
      save: async (settings) => {
        page.__saved.push(settings);
        return { ok: true, settings };
      },
      discover: async () => [],
      pickLogFile: async () => null,
      startDemo: async () => undefined,
      onChanged: quiet,
    };
  }
  page.murmurMonitor = api;
}

export function emptyData(): InjectedData {
  return {
    snapshot: { generatedAt: new Date().toISOString(), servers: [], sources: [], backfill: [], perf: null },
    history: { sessions: [], serverEvents: [], security: [], topUsers: [] },
    perf30: { interval: 3600, points: [], samples: [], latest: null, aliases: {} },
  };
}
