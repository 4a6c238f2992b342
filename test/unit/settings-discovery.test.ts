import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverMurmur, nodeDiscoveryFs, type DiscoveryFs, type Readability } from '../../main/core/settings/discovery.js';
import { murmurIniCandidates, murmurLogLocation, parseMurmurIni } from '../../main/core/settings/murmur-ini.js';
import { effectiveExecStart, murmurCommand } from '../../main/core/settings/murmur-unit.js';
import { mayReadSystemJournal } from '../../main/core/source/journal/journal-access.js';
import { findMurmur } from '../support/murmur-install.js';

test('ini: top-level logfile= and users=, comments, quotes, sections and CRLF', () => {
  const text = [
    '; Murmur configuration file.',
    '#logfile=/ignored.log',
    'database=/var/lib/mumble-server/mumble-server.sqlite',
    'logfile="C:\\\\Murmur\\\\murmur.log"',
    'users = 64',
    '[Ice]',
    'users=1',
    'logfile=/not/this.log',
  ].join('\r\n');
  assert.deepEqual(parseMurmurIni(text), { logfile: 'C:\\Murmur\\murmur.log', users: 64 });
  assert.deepEqual(parseMurmurIni('users=lots\nlogfile=\n'), { logfile: '' });
});

test('ini candidates per OS, in the order Murmur tries them', () => {
  const linux = murmurIniCandidates({ platform: 'linux', home: '/home/ann', env: {} });
  assert.deepEqual(linux.slice(0, 4), [
    '/usr/local/etc/mumble-server.ini',
    '/usr/local/etc/murmur.ini',
    '/etc/mumble-server.ini',
    '/etc/murmur.ini',
  ]);
  assert.ok(linux.includes('/etc/mumble/mumble-server.ini'), "Debian 13's place");
  assert.ok(linux.includes('/home/ann/.murmurd/murmur.ini'));
  assert.ok(linux.includes('/home/ann/.config/Mumble/mumble-server.ini'));
  assert.equal(linux.at(-1), '/home/ann/murmur.ini');
  const windows = murmurIniCandidates({
    platform: 'win32',
    home: 'C:\\Users\\ann',
    env: { ProgramFiles: 'C:\\Program Files', APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' },
    extraFolders: ['D:\\Murmur'],
  });
  assert.equal(windows[0], 'C:\\Program Files\\Mumble\\mumble-server.ini');
  assert.ok(windows.includes('C:\\Program Files\\Mumble\\murmur.ini'));
  assert.ok(windows.includes('C:\\Users\\ann\\AppData\\Roaming\\Mumble\\murmur.ini'));
  assert.ok(windows.includes('D:\\Murmur\\murmur.ini'));
  assert.ok(!windows.some((path) => path.startsWith('/')));
  assert.ok(murmurIniCandidates({ platform: 'darwin', home: '/Users/ann', env: {} }).includes('/opt/homebrew/etc/murmur.ini'));
});

test('log location: relative to the ini folder, syslog, console, and the default names', () => {
  const none = () => false;
  assert.deepEqual(murmurLogLocation('linux', '/etc/murmur.ini', { logfile: 'murmur.log' }, none), { kind: 'file', path: '/etc/murmur.log' });
  assert.deepEqual(murmurLogLocation('linux', '/etc/mumble-server.ini', { logfile: '/var/log/m.log' }, none), { kind: 'file', path: '/var/log/m.log' });
  assert.deepEqual(murmurLogLocation('linux', '/etc/murmur.ini', { logfile: 'syslog' }, none), { kind: 'syslog' });
  assert.deepEqual(murmurLogLocation('linux', '/etc/murmur.ini', { logfile: '' }, none), { kind: 'console' });
  assert.deepEqual(murmurLogLocation('win32', 'C:\\Murmur\\murmur.ini', { logfile: 'logs\\murmur.log' }, none), {
    kind: 'file',
    path: 'C:\\Murmur\\logs\\murmur.log',
  });
  assert.deepEqual(murmurLogLocation('linux', '/srv/m/mumble-server.ini', {}, none), { kind: 'file', path: '/srv/m/mumble-server.log' });
  assert.deepEqual(murmurLogLocation('linux', '/srv/m/murmur.ini', {}, (p) => p === '/srv/m/mumble-server.log'), {
    kind: 'file',
    path: '/srv/m/mumble-server.log',
  });
});

function fakeFs(files: Record<string, string>, readable: Record<string, Readability>, journalReadable = true): DiscoveryFs {
  return {
    readText: async (path) => files[path] ?? null,
    list: async (folder) => Object.keys(files).filter((path) => path.startsWith(`${folder}/`)).map((path) => path.slice(folder.length + 1)),
    exists: (path) => path in files || path in readable,
    readability: async (path) => readable[path] ?? 'missing',
    journalReadable: async () => journalReadable,
  };
}

test('discovery reports usable servers and says why the others cannot be followed', async () => {
  const fs = fakeFs(
    {
      '/etc/mumble-server.ini': 'logfile=/var/log/mumble-server/mumble-server.log\nusers=100\n',
      '/etc/murmur.ini': 'logfile=syslog\n',
      '/home/ann/.murmurd/murmur.ini': 'logfile=murmur.log\n',
      '/home/ann/murmur.ini': 'logfile=\n',
    },
    { '/var/log/mumble-server/mumble-server.log': 'denied', '/home/ann/.murmurd/murmur.log': 'ok' },
  );
  const found = await discoverMurmur({ platform: 'linux', home: '/home/ann', env: {} }, fs);
  assert.deepEqual(found, [
    {
      iniPath: '/etc/mumble-server.ini',
      logPath: '/var/log/mumble-server/mumble-server.log',
      capacity: 100,
      problem:
        "this user may not read /var/log/mumble-server/mumble-server.log; Murmur's logs are usually readable by the adm group only (Debian: /var/log/mumble-server is mumble-server:adm 0750); add yourself with `sudo usermod -aG adm $USER` and log in again",
    },
    { iniPath: '/etc/murmur.ini', logPath: null, problem: 'it logs to syslog (logfile=syslog); set logfile= to a file path and restart Murmur' },
    { iniPath: '/home/ann/.murmurd/murmur.ini', logPath: '/home/ann/.murmurd/murmur.log' },
    {
      iniPath: '/home/ann/murmur.ini',
      logPath: null,
      problem:
        'it logs to the console or journald (empty logfile=); if systemd runs it in the foreground (-fg, as on Debian 13), it logs only to the journal: add the source journal:mumble-server (the name of its unit)',
    },
  ]);
});

test('discovery on real files, through the Node file system', async () => {
  const home = await mkdtemp(join(tmpdir(), 'mm-discover-'));
  try {
    await writeFile(join(home, 'murmur.ini'), 'logfile=server.log\nusers=12\n');
    await writeFile(join(home, 'server.log'), '');
    const found = await discoverMurmur({ platform: process.platform, home, env: {} }, {
      ...nodeDiscoveryFs,
      // Keep the machine's own /etc out of this test: only the temp home is read.
      readText: (path) => (path.startsWith(home) ? nodeDiscoveryFs.readText(path) : Promise.resolve(null)),
    });
    assert.deepEqual(found, [{ iniPath: join(home, 'murmur.ini'), logPath: join(home, 'server.log'), capacity: 12 }]);
    assert.equal(await nodeDiscoveryFs.readability(join(home, 'nope.log')), 'missing');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('a unit that runs Murmur in the foreground: ExecStart after drop-ins, -fg or --foreground, its -ini', () => {
  const unit = '[Unit]\nDescription=x\n[Service]\nExecStart=/usr/bin/mumble-server -ini /etc/mumble/mumble-server.ini -fg\n';
  assert.equal(effectiveExecStart([unit]), '/usr/bin/mumble-server -ini /etc/mumble/mumble-server.ini -fg');
  assert.equal(effectiveExecStart([unit, '[Service]\nExecStart=\nExecStart=/usr/sbin/murmurd \\\n  -ini /srv/m.ini\n']), '/usr/sbin/murmurd    -ini /srv/m.ini');
  assert.equal(effectiveExecStart([unit, '[Service]\nExecStart=\n']), null);
  assert.equal(effectiveExecStart(['[Install]\nExecStart=/not/this\n']), null);
  assert.deepEqual(murmurCommand('/usr/bin/mumble-server -ini /etc/mumble/mumble-server.ini -fg'), { foreground: true, iniPath: '/etc/mumble/mumble-server.ini' });
  assert.deepEqual(murmurCommand('-/usr/bin/mumble-server --foreground'), { foreground: true, iniPath: null });
  assert.deepEqual(murmurCommand('/usr/sbin/murmurd -ini "/etc/murmur.ini"'), { foreground: false, iniPath: '/etc/murmur.ini' });
});

test('discovery proposes the journal for a unit in the foreground, and says when the journal is closed to this user', async () => {
  const files = {
    '/lib/systemd/system/mumble-server.service': '[Service]\nExecStart=/usr/bin/mumble-server -ini /etc/mumble/mumble-server.ini -fg\n',
    '/etc/mumble/mumble-server.ini': 'users=30\n',
    '/etc/systemd/system/murmur.service': '[Service]\nExecStart=/usr/sbin/murmurd -ini /srv/murmur.ini\n',
    '/etc/systemd/system/murmur.service.d/fg.conf': '[Service]\nExecStart=\nExecStart=/usr/sbin/murmurd -ini /srv/murmur.ini -fg\n',
  };
  const places = { platform: 'linux' as const, home: '/home/ann', env: {} };
  assert.deepEqual(await discoverMurmur(places, fakeFs(files, {})), [
    { iniPath: '/etc/mumble/mumble-server.ini', logPath: 'journal:mumble-server', capacity: 30 },
    { iniPath: '/srv/murmur.ini', logPath: 'journal:murmur' },
  ]);
  const [closed] = await discoverMurmur(places, fakeFs(files, {}, false));
  assert.equal(closed?.logPath, 'journal:mumble-server');
  assert.match(closed?.problem ?? '', /^\/lib\/systemd\/system\/mumble-server.service runs Murmur in the foreground, so it logs to the journal, which this user may not read; add this user to the systemd-journal group/);
  assert.deepEqual(await discoverMurmur({ ...places, platform: 'win32' }, fakeFs(files, {})), [], 'no systemd units on Windows');
});

test("discovery on Debian 13's own mumble-server package proposes journal:mumble-server", async (t) => {
  const install = findMurmur('1.5');
  if (typeof install === 'string') {
    t.skip(install);
    return;
  }
  // The package's files as if its root were /: its unit, and the ini it installs in /etc/mumble.
  const inRoot = (path: string): string => join(install.root, path);
  const found = await discoverMurmur({ platform: 'linux', home: '/nonexistent', env: {} }, {
    ...nodeDiscoveryFs,
    readText: (path) => nodeDiscoveryFs.readText(inRoot(path)),
    list: (path) => nodeDiscoveryFs.list(inRoot(path)),
    exists: (path) => nodeDiscoveryFs.exists(inRoot(path)),
    journalReadable: async () => true,
  });
  assert.deepEqual(found.map(({ iniPath, logPath, problem }) => ({ iniPath, logPath, problem })), [
    { iniPath: '/etc/mumble/mumble-server.ini', logPath: 'journal:mumble-server', problem: undefined },
  ]);
});

test('the system journal is readable by root and the systemd-journal, adm and wheel groups', () => {
  const groups = 'root:x:0:\nadm:x:4:ann\nusers:x:100:\nsystemd-journal:x:999:\n';
  assert.equal(mayReadSystemJournal(groups, 0, []), true);
  assert.equal(mayReadSystemJournal(groups, 1000, [100, 4]), true);
  assert.equal(mayReadSystemJournal(groups, 1000, [999]), true);
  assert.equal(mayReadSystemJournal(groups, 1000, [100]), false);
});
