import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Snapshot } from '../../main/contract.js';
import { allTrayIconFiles, linuxTraySize, trayIconFile } from '../../main/electron/tray-icons.js';
import { menuText, trayMenuTemplate, type TrayAction, type TrayMenuItem } from '../../main/electron/tray-menu.js';
import { TOOLTIP_LIMIT, trayModel, trayTitle, trayTooltip } from '../../main/electron/tray-model.js';
import { TrayService, type NativeTray } from '../../main/electron/tray.js';
import { snapshotWith } from '../electron/fakes.js';

const time = (ms: number) => new Date(ms).toISOString().slice(11, 16);

test('icon file per OS and state', () => {
  assert.equal(trayIconFile({ platform: 'darwin', state: 'idle', scale: 2 }), 'assets/tray/trayIdleTemplate.png');
  assert.equal(trayIconFile({ platform: 'darwin', state: 'error', scale: 1 }), 'assets/tray/trayErrorTemplate.png');
  assert.equal(trayIconFile({ platform: 'win32', state: 'online', scale: 1.5 }), 'assets/tray/tray-online.ico');
  assert.equal(trayIconFile({ platform: 'linux', state: 'online', scale: 1 }), 'assets/tray/tray-online-32.png');
  assert.equal(trayIconFile({ platform: 'linux', state: 'error', scale: 1.25 }), 'assets/tray/tray-error-48.png');
  assert.equal(trayIconFile({ platform: 'freebsd', state: 'idle', scale: 3 }), 'assets/tray/tray-idle-64.png');
  assert.deepEqual([0.5, 1, 1.5, 1.75, 2].map(linuxTraySize), [32, 32, 48, 64, 64]);
});

test('the icon list names every file the tray can load, once', () => {
  const files = allTrayIconFiles();
  assert.equal(files.length, 3 * 6);
  assert.equal(new Set(files).size, files.length);
  assert.ok(files.includes('assets/tray/trayOnlineTemplate@2x.png'));
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    for (const state of ['idle', 'online', 'error'] as const) {
      for (const scale of [1, 1.5, 2]) assert.ok(files.includes(trayIconFile({ platform, state, scale })));
    }
  }
});

test('model: state, count and grouping from a snapshot', () => {
  const idle = trayModel(snapshotWith({}), null);
  assert.deepEqual([idle.state, idle.online], ['idle', 0]);
  const online = trayModel(snapshotWith({ 'main#1': ['zoe', 'adam'], 'main#2': [], 'lan#1': ['kim'] }), null);
  assert.equal(online.state, 'online');
  assert.equal(online.online, 3);
  assert.deepEqual(online.groups, [
    { source: 'main', server: 1, names: ['adam', 'zoe'] },
    { source: 'lan', server: 1, names: ['kim'] },
  ]);
  const error = trayModel(snapshotWith({ 'main#1': ['zoe'] }, { lan: 'permission denied' }), null);
  assert.equal(error.state, 'error');
  assert.deepEqual(error.errors, ['lan: permission denied']);
});

test('a Murmur that has stopped is a problem the tray shows; a running one is not', () => {
  const snapshot = snapshotWith({ 'lan#1': ['kim'] });
  const main = { ...snapshot.sources[0], name: 'main' } as Snapshot['sources'][number];
  snapshot.sources.push({ ...main, murmur: { state: 'stopped', since: '2026-11-27T13:05:00.120' } });
  const lan = snapshot.sources[0];
  if (lan) lan.murmur = { state: 'running', since: '2026-11-27T08:00:00.000' };
  const model = trayModel(snapshot, null);
  assert.equal(model.state, 'error');
  assert.deepEqual(model.errors, ['main: Murmur stopped since 2026-11-27 13:05']);
  assert.equal(trayTooltip(model), 'Murmur Monitor: 1 online · main: Murmur stopped since 2026-11-27 13:05');
});

test('tooltip and macOS title', () => {
  const model = trayModel(snapshotWith({ 'main#1': ['a', 'b'] }), null);
  assert.equal(trayTooltip(model), 'Murmur Monitor: 2 online');
  assert.equal(trayTitle(model), '2');
  const idle = trayModel(snapshotWith({}), 5);
  assert.equal(trayTooltip(idle), 'Murmur Monitor: nobody online · notifications paused');
  assert.equal(trayTitle(idle), '');
  const long = trayModel(snapshotWith({}, { x: 'y'.repeat(300) }), null);
  assert.equal(trayTooltip(long).length, TOOLTIP_LIMIT);
  assert.ok(trayTooltip(long).endsWith('…'));
});

test('menu labels escape & and control characters from user names', () => {
  assert.equal(menuText('Tom & Jerry'), 'Tom && Jerry');
  assert.equal(menuText('&&'), '&&&&');
  assert.equal(menuText('a\u0007b\nc'), 'a\uFFFDb\uFFFDc');
});

function labels(items: TrayMenuItem[]): string[] {
  return items.map((item) => item.label ?? `-${item.type}-`);
}

test('menu template: users grouped by server as disabled text, then the actions', () => {
  const model = trayModel(snapshotWith({ 'main#1': ['<b>bold</b>', 'R&D'] }), null);
  const menu = trayMenuTemplate(model, time);
  assert.deepEqual(labels(menu), [
    'main #1: 2 online',
    '    <b>bold</b>',
    '    R&&D',
    '-separator-',
    'Open dashboard',
    'Pause notifications',
    'Settings…',
    '-separator-',
    'Quit',
  ]);
  assert.deepEqual(menu[0]?.action, { kind: 'open-server', source: 'main', server: 1 });
  assert.equal(menu[1]?.enabled, false);
  assert.equal(menu[2]?.enabled, false);
  assert.deepEqual(menu[5]?.submenu?.map((item) => item.action), [
    { kind: 'pause', until: 'hour' },
    { kind: 'pause', until: 'tomorrow' },
  ]);
  assert.deepEqual(menu.at(-1)?.action, { kind: 'quit' });
});

test('menu template: nobody online, an error, a pause in force, and a long list cut short', () => {
  const paused = trayMenuTemplate(trayModel(snapshotWith({}, { lan: 'gone' }), Date.UTC(2026, 0, 1, 15, 30)), time);
  assert.deepEqual(labels(paused).slice(0, 2), ['Nobody online', '⚠ lan: gone']);
  const notifications = paused.find((item) => item.label === 'Notifications');
  assert.deepEqual(labels(notifications?.submenu ?? []), ['Paused until 15:30', 'Resume notifications']);
  const many = Array.from({ length: 40 }, (_, i) => `user${String(i).padStart(2, '0')}`);
  const menu = trayMenuTemplate(trayModel(snapshotWith({ 'main#1': many }), null), time);
  assert.equal(menu.filter((item) => item.label?.startsWith('    user')).length, 15);
  assert.ok(menu.some((item) => item.label === '    …and 25 more'));
});

class FakeTray implements NativeTray {
  calls: string[] = [];
  menus: TrayMenuItem[][] = [];
  onAction: ((action: TrayAction) => void) | null = null;
  setIcon(file: string) {
    this.calls.push(`icon ${file}`);
  }
  setToolTip(text: string) {
    this.calls.push(`tooltip ${text}`);
  }
  setTitle(text: string) {
    this.calls.push(`title ${text}`);
  }
  setMenu(items: TrayMenuItem[], onAction: (action: TrayAction) => void) {
    this.calls.push('menu');
    this.menus.push(items);
    this.onAction = onAction;
  }
  destroy() {
    this.calls.push('destroy');
  }
}

function service(platform: NodeJS.Platform) {
  const tray = new FakeTray();
  const actions: TrayAction[] = [];
  const created: string[] = [];
  let click: () => void = () => undefined;
  const tray$ = new TrayService({
    platform,
    scale: () => 1,
    createTray: (icon, onClick) => {
      created.push(icon);
      click = onClick;
      return tray;
    },
    formatTime: time,
    onAction: (action) => actions.push(action),
  });
  return { tray, actions, created, service: tray$, click: () => click() };
}

test('tray service creates once and touches native UI only when something changed', () => {
  const { tray, created, service: s } = service('darwin');
  assert.equal(s.created, false);
  const two = trayModel(snapshotWith({ 'main#1': ['a', 'b'] }), null);
  s.update(two);
  assert.deepEqual(created, ['assets/tray/trayOnlineTemplate.png']);
  assert.deepEqual(tray.calls, ['tooltip Murmur Monitor: 2 online', 'title 2', 'menu']);
  tray.calls = [];
  s.update(trayModel(snapshotWith({ 'main#1': ['b', 'a'] }), null));
  assert.deepEqual(tray.calls, [], 'same users in another order change nothing');
  s.update(trayModel(snapshotWith({}), null));
  assert.deepEqual(tray.calls, [
    'icon assets/tray/trayIdleTemplate.png',
    'tooltip Murmur Monitor: nobody online',
    'title ',
    'menu',
  ]);
});

test('tray service: no title outside macOS, menu actions and click reach the app', () => {
  const { tray, actions, service: s, click } = service('linux');
  s.update(trayModel(snapshotWith({ 'main#1': ['a'] }), null));
  assert.ok(!tray.calls.some((call) => call.startsWith('title')));
  tray.onAction?.({ kind: 'settings' });
  click();
  assert.deepEqual(actions, [{ kind: 'settings' }, { kind: 'open-dashboard' }]);
  s.destroy();
  assert.equal(tray.calls.at(-1), 'destroy');
  assert.equal(s.created, false);
});
