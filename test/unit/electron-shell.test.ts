import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Settings } from '../../main/contract.js';
import type { MonitorApi, MonitorEvents, SourceConfig } from '../../main/core/monitor-types.js';
import { CombinedMonitor } from '../../main/core/remote/combined-monitor.js';
import { DEFAULT_SETTINGS } from '../../main/core/settings/schema.js';
import type { RunningEngine } from '../../main/electron/engine.js';
import { emptyPerfSeries } from '../../main/core/monitor-calls.js';
import { createInvokeHandlers } from '../../main/electron/ipc-handlers.js';
import type { PushChannel, PushContract } from '../../main/electron/ipc-contract.js';
import type { NotificationContent } from '../../main/core/notify/text.js';
import { Notifier } from '../../main/core/notify/notifier.js';
import { SettingsService } from '../../main/electron/settings-service.js';
import { Shell } from '../../main/electron/shell.js';
import { TrayService, type NativeTray } from '../../main/electron/tray.js';
import { clockTime } from '../../main/electron/tray-model.js';
import type { DashboardView } from '../../main/electron/views.js';
import { FakeClock, join, snapshotWith } from '../electron/fakes.js';

type Listeners = { [E in keyof MonitorEvents]: Set<MonitorEvents[E]> };

class FakeMonitor implements MonitorApi {
  online: Record<string, string[]> = {};
  listeners: Listeners = { join: new Set(), leave: new Set(), progress: new Set(), 'server-event': new Set(), changed: new Set() };
  constructor(readonly sources: SourceConfig[]) {}
  snapshot() {
    return snapshotWith(this.online);
  }
  history() {
    return { sessions: [], serverEvents: [], security: [], topUsers: [] };
  }
  lastSeen() {
    return [];
  }
  perf() {
    return null;
  }
  exportCsv() {
    return '';
  }
  metrics() {
    return '';
  }
  on<E extends keyof MonitorEvents>(event: E, listener: MonitorEvents[E]): () => void {
    const set = this.listeners[event] as Set<MonitorEvents[E]>;
    set.add(listener);
    return () => set.delete(listener);
  }
  emitJoin(name: string) {
    (this.online['main#1'] ??= []).push(name);
    for (const l of this.listeners.join) l(join(name));
  }
  get listenerCount() {
    return Object.values(this.listeners).reduce((sum, set) => sum + set.size, 0);
  }
}

/** A remote agent's client as the view sees it: a snapshot with renamed sources, its events, its calls. */
class FakeRemote extends FakeMonitor {
  readonly requests = {
    getSnapshot: async () => this.snapshot(),
    getHistory: async () => this.history(),
    findLastSeen: async () => [],
    getPerf: async () => null,
    exportCsv: async () => '',
  };
  unreachableSince: number | null = null;
  override snapshot() {
    const snapshot = snapshotWith(Object.keys(this.online).length > 0 ? this.online : { 'vps/main#1': [] });
    if (this.unreachableSince !== null) {
      // As RemoteSource does: nobody is known to be online on an agent that cannot be asked.
      for (const server of snapshot.servers) server.online = [];
      for (const source of snapshot.sources) Object.assign(source, { state: 'unreachable', unreachableSince: new Date(this.unreachableSince).toISOString() });
    }
    return snapshot;
  }
  emitRemoteJoin(name: string, session: number) {
    (this.online['vps/main#1'] ??= []).push(name);
    for (const l of this.listeners.join) l(join(name, 'vps/main', 1, session));
  }
}

function setup(remote: FakeRemote | null = null) {
  const clock = new FakeClock();
  const monitors: FakeMonitor[] = [];
  const log: string[] = [];
  const sent: Array<[PushChannel, unknown]> = [];
  const shown: DashboardView[] = [];
  const notifications: NotificationContent[] = [];
  const tooltips: string[] = [];
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  const native: NativeTray = {
    setIcon: () => undefined,
    setToolTip: (text) => void tooltips.push(text),
    setTitle: () => undefined,
    setMenu: () => undefined,
    destroy: () => void log.push('tray destroyed'),
  };
  const notifier = new Notifier({ clock, settings: () => settings.notifications, show: (c) => void notifications.push(c) });
  const tray = new TrayService({ platform: 'linux', scale: () => 1, createTray: () => native, formatTime: String, onAction: () => undefined });
  const shell = new Shell({
    startEngine: async (sources, _settings, demo): Promise<RunningEngine> => {
      const local = new FakeMonitor(sources);
      monitors.push(local);
      log.push(demo ? 'start demo' : `start ${sources.map((s) => s.name).join(',')}`);
      const monitor = new CombinedMonitor({ local, remotes: remote ? [remote] : [], localSources: sources.length > 0, warn: () => undefined });
      return { monitor, setPerfOptions: (perf) => void log.push(`perf ${perf.cpuIntervalSeconds}`), stop: async () => void log.push('stop') };
    },
    tray,
    notifier,
    window: {
      show: async (view = { kind: 'dashboard' }) => void shown.push(view),
      send: <C extends PushChannel>(channel: C, payload: PushContract[C]) => void sent.push([channel, payload]),
    },
    applyAutostart: async (enabled) => void log.push(`autostart ${enabled}`),
    quit: () => void log.push('quit'),
    warn: (message) => void log.push(`warn ${message}`),
  });
  const setSettings = (next: Settings) => (settings = next);
  return { clock, monitors, log, sent, shown, notifications, tooltips, shell, notifier, setSettings };
}

const withSources = (...names: string[]): Settings => ({
  ...structuredClone(DEFAULT_SETTINGS),
  sources: names.map((name) => ({ name, path: `/logs/${name}.log` })),
});

test('a live join reaches the window, the tray and (coalesced) a notification', async () => {
  const { shell, monitors, sent, tooltips, notifications, clock } = setup();
  await shell.start(withSources('main'));
  assert.deepEqual(tooltips, ['Murmur Monitor: nobody online']);
  monitors[0]?.emitJoin('alice');
  assert.deepEqual(sent.at(-1), ['monitor:join', join('alice')]);
  assert.equal(tooltips.at(-1), 'Murmur Monitor: 1 online');
  clock.advance(2000);
  assert.deepEqual(notifications.map((n) => n.title), ['alice joined']);
});

test('a remote source notifies like a local one: one burst, mute by the remote, watch list; unreachable in the tray', async () => {
  const remote = new FakeRemote([]);
  const { shell, monitors, notifications, tooltips, clock, setSettings, sent } = setup(remote);
  const settings = withSources('main');
  setSettings(settings);
  await shell.start(settings);
  monitors[0]?.emitJoin('alice');
  remote.emitRemoteJoin('zoe', 7);
  assert.deepEqual(sent.at(-1), ['monitor:join', join('zoe', 'vps/main', 1, 7)]);
  assert.equal(tooltips.at(-1), 'Murmur Monitor: 2 online');
  clock.advance(2000);
  assert.equal(notifications.length, 1, 'the local and the remote join in one burst');
  assert.match(`${notifications[0]?.title} ${notifications[0]?.body}`, /alice/);
  assert.match(`${notifications[0]?.title} ${notifications[0]?.body}`, /zoe/);

  setSettings({ ...settings, notifications: { ...settings.notifications, mutedSources: ['vps'] } });
  remote.emitRemoteJoin('yves', 8);
  clock.advance(2000);
  assert.equal(notifications.length, 1, "muting the remote mutes its sources");
  setSettings({ ...settings, notifications: { ...settings.notifications, watchList: ['xena'] } });
  remote.emitRemoteJoin('walt', 9);
  remote.emitRemoteJoin('xena', 10);
  clock.advance(2000);
  assert.deepEqual(notifications.slice(1).map((n) => n.title), ['xena joined']);

  const since = Date.UTC(2026, 11, 2, 13, 5);
  remote.unreachableSince = since;
  for (const l of remote.listeners.changed) l();
  assert.equal(tooltips.at(-1), `Murmur Monitor: 1 online · vps: unreachable since ${clockTime(since)}`);
});

test('a live crash of Murmur becomes a notification', async () => {
  const { shell, monitors, notifications, clock } = setup();
  await shell.start(withSources('main'));
  for (const l of monitors[0]?.listeners['server-event'] ?? []) {
    l({ source: 'main', at: '2026-11-27T13:00:00.000', kind: 'crash', detail: 'Fatal: could not open the database' });
  }
  clock.advance(2000);
  assert.deepEqual(notifications, [{ title: 'Murmur crashed (main)', body: 'Fatal: could not open the database', target: null }]);
});

test('changing sources restarts the engine and moves every subscription to the new one', async () => {
  const { shell, monitors, log, sent } = setup();
  const first = withSources('main');
  await shell.start(first);
  const second = withSources('main', 'lan');
  await shell.applySettings(second, first);
  assert.deepEqual(log, ['start main', 'stop', 'start main,lan']);
  assert.equal(monitors[0]?.listenerCount, 0);
  assert.equal(monitors[1]?.listenerCount, Object.keys(monitors[1]?.listeners ?? {}).length, 'one listener on each event');
  assert.deepEqual(sent.filter(([channel]) => channel === 'monitor:changed').length, 2);
});

test('perf and autostart apply without an engine restart', async () => {
  const { shell, log } = setup();
  const first = withSources('main');
  await shell.start(first);
  const next = { ...first, startAtLogin: true, perf: { ...first.perf, cpuIntervalSeconds: 60 } };
  await shell.applySettings(next, first);
  assert.deepEqual(log, ['start main', 'perf 60', 'autostart true']);
});

test('the demo replaces the configured sources until real sources are saved', async () => {
  const { shell, log } = setup();
  const none = withSources();
  await shell.start(none, true);
  await shell.applySettings({ ...none, retentionDays: 30 }, none);
  assert.deepEqual(log, ['start demo'], 'still the demo: no real source yet');
  assert.equal(shell.demoRunning, true);
  await shell.applySettings(withSources('main'), none);
  assert.deepEqual(log, ['start demo', 'stop', 'start main']);
  assert.equal(shell.demoRunning, false);
});

test('tray actions: open views, pause, resume, quit', async () => {
  const { shell, shown, notifier, log } = setup();
  await shell.start(withSources('main'));
  shell.handleTrayAction({ kind: 'open-dashboard' });
  shell.handleTrayAction({ kind: 'open-server', source: 'main', server: 2 });
  shell.handleTrayAction({ kind: 'settings' });
  shell.handleTrayAction({ kind: 'pause', until: 'hour' });
  assert.notEqual(notifier.pausedUntil, null);
  shell.handleTrayAction({ kind: 'resume' });
  assert.equal(notifier.pausedUntil, null);
  shell.handleTrayAction({ kind: 'quit' });
  await Promise.resolve();
  assert.deepEqual(shown, [{ kind: 'dashboard' }, { kind: 'server', source: 'main', server: 2 }, { kind: 'settings' }]);
  assert.equal(log.at(-1), 'quit');
});

test('stop detaches, drops pending notifications and stops the engine', async () => {
  const { shell, monitors, log, clock, notifications } = setup();
  await shell.start(withSources('main'));
  monitors[0]?.emitJoin('bob');
  await shell.stop();
  clock.advance(10_000);
  assert.equal(notifications.length, 0);
  assert.equal(monitors[0]?.listenerCount, 0);
  assert.equal(log.at(-1), 'stop');
  assert.equal(shell.engine, null);
});

test('IPC handlers answer from the running engine and the settings service', async () => {
  const { shell, monitors } = setup();
  const settings = new SettingsService({
    initial: withSources('main'),
    persist: async () => undefined,
    apply: async () => undefined,
    onChanged: () => undefined,
    warn: () => undefined,
  });
  const demoCalls: string[] = [];
  const handlers = createInvokeHandlers({
    shell,
    settings,
    discover: async () => [{ iniPath: '/etc/murmur.ini', logPath: null, problem: 'syslog' }],
    pickLogFile: async () => '/picked.log',
    startDemo: async () => void demoCalls.push('demo'),
  });
  await assert.rejects(async () => handlers['snapshot:get'](), /restarting/);
  await shell.start(settings.settings);
  monitors[0]?.emitJoin('carol');
  const snapshot = await handlers['snapshot:get']();
  assert.equal(snapshot.servers[0]?.online[0]?.name, 'carol');
  assert.deepEqual(await handlers['perf:get']('30d'), emptyPerfSeries('30d'));
  assert.equal((await handlers['settings:get']()).settings.sources[0]?.name, 'main');
  assert.equal((await handlers['settings:save']({ retentionDays: 'x' })).ok, false);
  assert.equal(await handlers['settings:pick-log'](), '/picked.log');
  assert.equal((await handlers['settings:discover']()).length, 1);
  await handlers['settings:start-demo']();
  assert.deepEqual(demoCalls, ['demo']);
});
