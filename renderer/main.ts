// Dashboard entry: picks the transport once, loads data, mounts one module per panel, follows live events.
import type { BackfillProgress, LeaveEvent, PresenceEvent, RendererApi } from '../main/contract.js';
import { initChartTheme } from './charts/setup.js';
import { byId } from './dom.js';
import { mountBackfill } from './panels/backfill.js';
import { mountExport } from './panels/export.js';
import { mountFilter } from './panels/filter.js';
import { mountGlance } from './panels/glance.js';
import { mountHistory } from './panels/history.js';
import { mountLiveStatus } from './panels/live-status.js';
import { mountLogins } from './panels/logins.js';
import { mountOnline } from './panels/online.js';
import { mountPeople } from './panels/people.js';
import { mountPerf } from './panels/perf.js';
import { mountSecurity } from './panels/security.js';
import { mountSettingsButton } from './settings-button.js';
import { DashboardState } from './state.js';
import { createHttpApi } from './transport-http.js';
import { parseViewFragment } from './view-fragment.js';

/** Snapshot refresh for the perf series, which has no push event. */
const POLL_MS = 60_000;
const CHANGED_DEBOUNCE_MS = 300;

const api: RendererApi = (window as Window & { murmurMonitor?: RendererApi }).murmurMonitor ?? createHttpApi();
const state = new DashboardState();
const errorBox = byId('load-error', HTMLParagraphElement);

function showError(message: string | null): void {
  errorBox.hidden = message === null;
  errorBox.textContent = message ?? '';
}

initChartTheme();
const backfill = mountBackfill();
const glance = mountGlance(state);
const online = mountOnline(state);
const logins = mountLogins(state);
const perf = mountPerf(state, (range) => api.getPerf(range));
const history = mountHistory(state);
const people = mountPeople(state, api);
const security = mountSecurity(state);
const filter = mountFilter(state, () => {
  renderSnapshotPanels();
  void loadHistory();
});
mountExport(api, showError);
const settingsPanel = mountSettingsButton(api);

/** Runs one panel's render and leaves a `murmur:panel:NAME` measure, so slow panels show in profiles. */
function timed(name: string, render: () => void): void {
  const start = performance.now();
  render();
  performance.measure(`murmur:panel:${name}`, { start, end: performance.now() });
}

function renderSnapshotPanels(): void {
  timed('filter', filter.render);
  timed('glance', glance.render);
  timed('online', online.render);
  timed('logins', logins.render);
  timed('perf', perf.render);
  timed('backfill', () => backfill.update(state.snapshot?.backfill ?? []));
}

function renderHistoryPanels(): void {
  timed('history', history.render);
  timed('people', people.render);
  timed('security', security.render);
}

// Live events that arrive while a snapshot is in flight are replayed on top of it (joins are idempotent).
let pending: Array<() => boolean> | null = null;
function live(apply: () => boolean): void {
  pending?.push(apply);
  if (apply()) {
    glance.render();
    online.render();
  }
}

let renders = 0;
async function loadAll(): Promise<void> {
  pending = [];
  try {
    const [snapshot, historyData] = await Promise.all([api.getSnapshot(), api.getHistory(state.historyQuery())]);
    performance.mark('murmur:data');
    state.setSnapshot(snapshot);
    for (const apply of pending) apply();
    state.history = historyData;
    renderSnapshotPanels();
    renderHistoryPanels();
    performance.measure('murmur:render:script', 'murmur:data');
    // Measured to the next frame, so layout and paint of every panel are included.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    performance.measure('murmur:render', 'murmur:data');
    showError(null);
    await perf.reload();
    renders += 1;
    document.documentElement.dataset.renders = String(renders);
  } catch (error) {
    showError(`Could not load the monitor's data: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    pending = null;
  }
}

async function loadHistory(): Promise<void> {
  try {
    state.history = await api.getHistory(state.historyQuery());
    renderHistoryPanels();
    // The perf charts mark the shown servers' restarts, which come with the history.
    timed('perf', perf.render);
  } catch (error) {
    showError(`Could not load history: ${error instanceof Error ? error.message : String(error)}`);
  }
}

let changedTimer: number | undefined;
api.onChanged(() => {
  window.clearTimeout(changedTimer);
  changedTimer = window.setTimeout(() => void loadAll(), CHANGED_DEBOUNCE_MS);
});
const liveStatus = mountLiveStatus();
api.onConnection?.(liveStatus.update);
api.onJoin((event: PresenceEvent) => live(() => state.applyJoin(event)));
api.onLeave((event: LeaveEvent) => live(() => state.applyLeave(event)));
api.onProgress((progress: BackfillProgress) => {
  if (!state.snapshot) return;
  state.snapshot.backfill = [...state.snapshot.backfill.filter((p) => p.source !== progress.source), progress];
  backfill.update(state.snapshot.backfill);
});

function applyFragment(): void {
  const view = parseViewFragment(window.location.hash);
  if (view.filter) {
    state.filter = view.filter;
    if (state.snapshot) {
      renderSnapshotPanels();
      void loadHistory();
    }
  }
  if (view.settings) settingsPanel?.open();
}
window.addEventListener('hashchange', applyFragment);
applyFragment();

void loadAll();
window.setInterval(() => void loadAll(), POLL_MS);
