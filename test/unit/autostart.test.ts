import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  applyAutostart,
  autostartMethod,
  desktopEntry,
  desktopExecArg,
  launchCommand,
  xdgAutostartFile,
} from '../../main/electron/autostart.js';

test('method per OS', () => {
  assert.equal(autostartMethod('win32'), 'login-item');
  assert.equal(autostartMethod('darwin'), 'login-item');
  assert.equal(autostartMethod('linux'), 'xdg');
  assert.equal(autostartMethod('aix'), 'none');
});

test('launch command: $APPIMAGE wins, unpacked runs pass the app folder', () => {
  assert.deepEqual(launchCommand('/tmp/.mount_x/murmur-monitor', { APPIMAGE: '/home/a/Murmur.AppImage' }, null), {
    program: '/home/a/Murmur.AppImage',
    args: [],
  });
  assert.deepEqual(launchCommand('/usr/lib/electron', {}, '/src/murmur-monitor'), { program: '/usr/lib/electron', args: ['/src/murmur-monitor'] });
  assert.deepEqual(launchCommand('/opt/Murmur Monitor/murmur-monitor', {}, null), { program: '/opt/Murmur Monitor/murmur-monitor', args: [] });
});

test('desktop entry quotes Exec= per the spec', () => {
  assert.equal(desktopExecArg('/usr/bin/app'), '/usr/bin/app');
  assert.equal(desktopExecArg('/opt/My App/$x"y`\\'), '"/opt/My App/\\$x\\"y\\`\\\\"');
  const entry = desktopEntry({ program: '/opt/Murmur Monitor/mm', args: ['/src/100%'] });
  assert.match(entry, /^\[Desktop Entry\]\nType=Application\nName=Murmur Monitor\n/);
  assert.match(entry, /\nExec="\/opt\/Murmur Monitor\/mm" "\/src\/100%%"\n/);
  assert.match(entry, /\nX-GNOME-Autostart-enabled=true\n$/);
});

test('XDG autostart path honours an absolute XDG_CONFIG_HOME only', () => {
  assert.equal(xdgAutostartFile({}, '/home/a'), '/home/a/.config/autostart/org.murmurmonitor.app.desktop');
  assert.equal(xdgAutostartFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/a'), '/cfg/autostart/org.murmurmonitor.app.desktop');
  assert.equal(xdgAutostartFile({ XDG_CONFIG_HOME: 'rel' }, '/home/a'), '/home/a/.config/autostart/org.murmurmonitor.app.desktop');
});

test('Windows and macOS use the login item API', async () => {
  const calls: unknown[] = [];
  const loginItems = { setLoginItemSettings: (settings: unknown) => void calls.push(settings) };
  for (const platform of ['win32', 'darwin'] as const) {
    await applyAutostart(true, { platform, env: {}, home: '/h', execPath: '/Apps/mm', appPath: null, loginItems });
  }
  await applyAutostart(false, { platform: 'win32', env: {}, home: '/h', execPath: 'C:\\mm.exe', appPath: null, loginItems });
  assert.deepEqual(calls, [
    { openAtLogin: true, path: '/Apps/mm', args: [] },
    { openAtLogin: true, path: '/Apps/mm', args: [] },
    { openAtLogin: false, path: 'C:\\mm.exe', args: [] },
  ]);
});

test('Linux writes and removes the .desktop file', async () => {
  const home = await mkdtemp(join(tmpdir(), 'mm-autostart-'));
  try {
    const loginItems = { setLoginItemSettings: () => assert.fail('no login items on Linux') };
    const options = { platform: 'linux' as const, env: { APPIMAGE: '/home/a/MM.AppImage' }, home, execPath: '/x', appPath: null, loginItems };
    await applyAutostart(true, options);
    const file = join(home, '.config', 'autostart', 'org.murmurmonitor.app.desktop');
    assert.match(await readFile(file, 'utf8'), /\nExec=\/home\/a\/MM.AppImage\n/);
    await applyAutostart(false, options);
    await assert.rejects(stat(file), /ENOENT/);
    await applyAutostart(false, options);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
