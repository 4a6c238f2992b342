import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedHostNames, hostHeaderName, isLoopback, tokenMatches } from '../../main/server/access.js';
import { defaultDataDir } from '../../main/server/data-dir.js';
import { UsageError } from '../../main/cli/command-line.js';
import { parseServeArgs } from '../../main/cli/serve-args.js';

test('serve arguments: defaults, repeatable flags and NAME=VALUE pairs', () => {
  const args = parseServeArgs(['--source', 'a=/var/log/a.log', '--source=b=/var/log/b.log', '--port', '0', '--interface', 'eth0', '--interface', 'wg0', '--alias', 'eth0=WAN', '--cpu-interval', '5', '--ini', 'a=/etc/a.ini']);
  assert.deepEqual(args.sources.map((source) => source.name), ['a', 'b']);
  assert.equal(args.host, '127.0.0.1');
  assert.equal(args.port, 0);
  assert.deepEqual(args.perf, { aliases: { eth0: 'WAN' }, interfaces: ['eth0', 'wg0'], cpuIntervalSec: 5 });
  assert.deepEqual(args.inis, { a: '/etc/a.ini' });
  assert.equal(parseServeArgs(['--source', 'a=/x', '--no-perf']).perf, null);
  assert.equal(args.keepAddresses, true);
  assert.equal(parseServeArgs(['--source', 'a=/x', '--no-addresses']).keepAddresses, false);
  assert.deepEqual(parseServeArgs(['--demo']).sources, [], '--demo alone needs no source');
  assert.deepEqual(parseServeArgs(['--source', 'a=/x', '--allow-host', 'Mumble.Example.org']).allowHosts, ['mumble.example.org']);
});

test('serve --timezone NAME=ZONE: one zone per source, repeatable, others left to this machine', () => {
  const args = parseServeArgs(['--source', 'a=/x', '--source', 'b=/y', '--source', 'c=/z', '--timezone', 'a=UTC', '--timezone=b=America/New_York']);
  assert.deepEqual(args.timezones, { a: 'UTC', b: 'America/New_York' });
  assert.deepEqual(parseServeArgs(['--source', 'a=/x']).timezones, {});
});

test('serve arguments: mistakes are usage errors that name the argument', () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /at least one --source/],
    [['--source', 'a=/x', '--port', '70000'], /--port/],
    [['--source', 'a=/x', '--port', '8080.5'], /--port "8080.5": expected a whole number/],
    [['--source', 'a=/x', '--retention-days', '1.5'], /--retention-days/],
    [['--source', 'a=/x', '--port'], /--port needs a value/],
    [['--source', 'a=/x', '--bogus'], /^unknown option --bogus$/],
    [['--source', 'a=/x', '-x'], /^unknown option -x$/],
    [['--source', 'a=/x', 'stray'], /unexpected argument "stray"/],
    [['--source', 'a=/x', '--port', '--demo'], /--port needs a value/],
    [['--source', 'a=/x', '--demo=yes'], /--demo takes no value/],
    [['--source'], /--source needs a value/],
    [['--source', 'a=/x', '--token', 'short'], /--token/],
    [['--source', 'a=/x', '--ini', 'b=/etc/b.ini'], /no --source is named "b"/],
    [['--source', 'a=/x', '--alias', 'eth0'], /NAME=VALUE/],
    [['--source', 'a=/x', '--timezone', 'a=Mars/Olympus'], /--timezone a=Mars\/Olympus: "Mars\/Olympus" is not a time zone/],
    [['--source', 'a=/x', '--timezone', 'b=UTC'], /--timezone b=\.\.\.: no --source is named "b"/],
    [['--source', 'a=/x', '--timezone', 'UTC'], /--timezone "UTC": expected NAME=VALUE/],
  ];
  for (const [argv, message] of cases) assert.throws(() => parseServeArgs(argv), (error: unknown) => error instanceof UsageError && message.test(error.message), argv.join(' '));
});

test('default data folder per platform', () => {
  assert.equal(defaultDataDir({ platform: 'linux', env: {}, home: '/home/u' }), '/home/u/.local/share/murmur-monitor');
  assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/data' }, home: '/home/u' }), '/data/murmur-monitor');
  assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: 'relative' }, home: '/home/u' }), '/home/u/.local/share/murmur-monitor');
  assert.equal(defaultDataDir({ platform: 'darwin', env: {}, home: '/Users/u' }), '/Users/u/Library/Application Support/murmur-monitor');
  assert.equal(defaultDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, home: 'C:\\Users\\u' }), 'C:\\Users\\u\\AppData\\Roaming\\murmur-monitor');
});

test('access helpers: loopback, Host parsing, token comparison', () => {
  assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost'));
  assert.ok(!isLoopback('0.0.0.0') && !isLoopback('192.168.1.2'));
  assert.equal(hostHeaderName('[::1]:8080'), '::1');
  assert.equal(hostHeaderName('LocalHost:1'), 'localhost');
  assert.equal(hostHeaderName('a:b:c'), null);
  assert.equal(hostHeaderName(undefined), null);
  assert.ok(allowedHostNames('192.168.1.2').has('192.168.1.2'));
  assert.ok(!allowedHostNames('127.0.0.1').has('evil.example'));
  assert.ok(tokenMatches('same-token', 'same-token'));
  assert.ok(!tokenMatches('same-token', 'same-tokeN'));
  assert.ok(!tokenMatches('', 'same-token'));
});

test('serve token: MURMUR_MONITOR_TOKEN keeps it out of the process list; --token wins; a short one is refused', () => {
  const env = { MURMUR_MONITOR_TOKEN: 'from-the-environment' };
  assert.equal(parseServeArgs(['--source', 'a=/x'], env).token, 'from-the-environment');
  assert.equal(parseServeArgs(['--source', 'a=/x', '--token', 'from-the-command'], env).token, 'from-the-command');
  assert.equal(parseServeArgs(['--source', 'a=/x']).token, null);
  assert.throws(() => parseServeArgs(['--source', 'a=/x'], { MURMUR_MONITOR_TOKEN: 'short' }), /MURMUR_MONITOR_TOKEN/);
});

test('serve --tls: self-signed or a cert and key together; alerts: --notify URLs (and MURMUR_MONITOR_NOTIFY) with the rules', () => {
  const plain = parseServeArgs(['--source', 'a=/x']);
  assert.equal(plain.tls, null);
  assert.deepEqual(plain.notify, { targets: [], settings: { joins: true, leaves: true, serverEvents: true, mutedSources: [], watchList: [], quietHours: null } });
  assert.deepEqual(parseServeArgs(['--source', 'a=/x', '--tls', 'self-signed']).tls, { kind: 'self-signed' });
  assert.deepEqual(parseServeArgs(['--source', 'a=/x', '--tls-cert', '/c.pem', '--tls-key', '/k.pem']).tls, { kind: 'files', cert: '/c.pem', key: '/k.pem' });
  const alerting = parseServeArgs(
    ['--source', 'a=/x', '--notify', 'https://hooks.slack.com/services/T/B/S', '--notify-on', 'joins,server', '--watch', 'alice', '--watch', 'bob', '--mute', 'a', '--quiet-hours', '22:30-07:00'],
    { MURMUR_MONITOR_NOTIFY: ' https://ntfy.sh/topic1\nhttps://alerts.example/x ' },
  );
  assert.deepEqual(alerting.notify.targets.map((target) => target.label), ['notify #1 (slack, hooks.slack.com)', 'notify #2 (ntfy, ntfy.sh)', 'notify #3 (json, alerts.example)']);
  assert.deepEqual(alerting.notify.settings, { joins: true, leaves: false, serverEvents: true, mutedSources: ['a'], watchList: ['alice', 'bob'], quietHours: { start: '22:30', end: '07:00' } });
  const cases: Array<[string[], RegExp]> = [
    [['--tls', 'auto'], /--tls "auto": the only value is self-signed/],
    [['--tls-cert', '/c.pem'], /--tls-cert and --tls-key go together/],
    [['--tls', 'self-signed', '--tls-cert', '/c.pem', '--tls-key', '/k.pem'], /exclude each other/],
    [['--notify', 'ftp://host/SECRET'], /^--notify #1: only http:\/\/ and https:\/\/ URLs$/],
    [['--notify-on', 'joins,kicks'], /--notify-on: "kicks" is not one of joins, leaves, server/],
    [['--quiet-hours', '22-7'], /--quiet-hours "22-7": expected HH:MM-HH:MM/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseServeArgs(['--source', 'a=/x', ...argv]), (error: unknown) => error instanceof UsageError && message.test(error.message), argv.join(' '));
  }
});
