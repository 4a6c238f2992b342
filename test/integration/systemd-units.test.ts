// The service files of contrib/systemd: accepted by `systemd-analyze verify` without a warning, hardened,
// their ExecStart a command line that `serve` accepts, and `serve` alive under their system call filter.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { parseServeArgs } from '../../main/cli/serve-args.js';
import { MONITOR_BIN } from '../support/run-monitor.js';
import { ServeChild } from '../support/serve-child.js';
import { waitUntil } from '../support/wait-until.js';

const UNITS = fileURLToPath(new URL('../../../contrib/systemd/', import.meta.url));
const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';
const STRACE = '/usr/bin/strace';
const noSystemdAnalyze = existsSync(SYSTEMD_ANALYZE) ? false : `${SYSTEMD_ANALYZE} is not installed (package systemd)`;
/** Where the README installs node and the repository; verify checks that ExecStart's program exists. */
const NODE_IN_UNIT = '/usr/bin/node';
const BIN_IN_UNIT = '/opt/murmur-monitor/bin/murmur-monitor.js';

const units = ['murmur-monitor.service', 'murmur-monitor@.service'];

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'murmur-units-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The unit's settings: key → values in order (continuation lines joined, comments dropped). */
function settings(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const line of text.replace(/\\\n\s*/g, ' ').split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) result.set(match[1] as string, [...(result.get(match[1] as string) ?? []), match[2] as string]);
  }
  return result;
}

test('systemd-analyze verify accepts both units without a warning (ExecStart pointed at this machine\'s node and bin)', { skip: noSystemdAnalyze }, async () => {
  for (const unit of units) {
    const text = await readFile(join(UNITS, unit), 'utf8');
    assert.ok(text.includes(`ExecStart=${NODE_IN_UNIT} ${BIN_IN_UNIT} serve`), `${unit} runs the README's install`);
    // verify refuses an ExecStart whose program does not exist: the copy runs the node and the bin of this
    // checkout instead, everything else unchanged. A template is checked as an instance (%i = main) too.
    const local = text.replaceAll(NODE_IN_UNIT, process.execPath).replaceAll(BIN_IN_UNIT, MONITOR_BIN);
    const names = unit.endsWith('@.service') ? [unit, unit.replace('@.', '@main.')] : [unit];
    for (const name of names) {
      const path = join(dir, name);
      await writeFile(path, local);
      const result = spawnSync(SYSTEMD_ANALYZE, ['verify', path], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(result.status, 0, `${name}: ${result.stderr}`);
      // An unknown key or a bad value is only a warning (status 0): any line about our file fails the test.
      const aboutUnit = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.includes(name));
      assert.deepEqual(aboutUnit, [], name);
    }
  }
});

test('both units are hardened and keep their history in a StateDirectory', async () => {
  for (const unit of units) {
    const set = settings(await readFile(join(UNITS, unit), 'utf8'));
    assert.deepEqual(set.get('DynamicUser'), ['yes'], unit);
    assert.deepEqual(set.get('SupplementaryGroups'), ['adm systemd-journal'], unit);
    assert.deepEqual(set.get('ProtectSystem'), ['strict'], unit);
    assert.deepEqual(set.get('NoNewPrivileges'), ['yes'], unit);
    assert.deepEqual(set.get('CapabilityBoundingSet'), [''], `${unit}: no capabilities`);
    // Without it a call outside the filter kills node at start (V8's pkey_alloc is not in @system-service).
    assert.deepEqual(set.get('SystemCallErrorNumber'), ['EPERM'], unit);
    assert.match(set.get('StateDirectory')?.[0] ?? '', /^murmur-monitor(\/%i)?$/, unit);
    assert.match(set.get('ExecStart')?.[0] ?? '', /--data \$\{STATE_DIRECTORY\}/, `${unit}: the data folder is the StateDirectory`);
  }
});

test("the units' command lines (and the template's example options) are ones serve accepts", async () => {
  for (const unit of units) {
    const text = await readFile(join(UNITS, unit), 'utf8');
    const exampleArgs = /^#\s+MURMUR_MONITOR_ARGS=(.*)$/m.exec(text)?.[1];
    const execStart = settings(text).get('ExecStart')?.[0] ?? '';
    assert.ok(!/["']/.test(execStart), `${unit}: no quoting, so splitting at spaces is what systemd does`);
    const words = execStart
      .replace('${STATE_DIRECTORY}', '/var/lib/murmur-monitor')
      .replace('$MURMUR_MONITOR_ARGS', exampleArgs ?? '')
      .split(/\s+/)
      .filter((word) => word !== '');
    assert.deepEqual(words.slice(0, 3), [NODE_IN_UNIT, BIN_IN_UNIT, 'serve'], unit);
    assert.ok(!words.some((word) => word.includes('$')), `${unit}: every variable accounted for`);
    const args = parseServeArgs(words.slice(3));
    assert.equal(args.host, '127.0.0.1', `${unit}: loopback, for a reverse proxy in front`);
    assert.equal(args.dataDir, '/var/lib/murmur-monitor', unit);
    assert.ok(args.sources.length > 0, unit);
    if (unit.includes('@')) assert.ok(exampleArgs !== undefined, 'the template shows an example of its options');
  }
});

/** The system calls of a `systemd-analyze syscall-filter` group, its nested groups expanded. */
function syscallsOf(group: string): string[] {
  const listing = spawnSync(SYSTEMD_ANALYZE, ['syscall-filter', group], { encoding: 'utf8', timeout: 30_000 }).stdout;
  const names = listing
    .split('\n')
    .slice(1)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((name) => name !== '');
  return names.flatMap((name) => (name.startsWith('@') ? syscallsOf(name) : [name]));
}

test('serve starts, answers and stops cleanly when every system call outside the units\' filter fails with EPERM', { skip: noSystemdAnalyze || (existsSync(STRACE) ? false : `${STRACE} is not installed (package strace)`) }, async (t) => {
  const units = await Promise.all(['murmur-monitor.service', 'murmur-monitor@.service'].map((unit) => readFile(join(UNITS, unit), 'utf8')));
  const filters = units.map((text) => settings(text).get('SystemCallFilter'));
  assert.deepEqual(filters, [['@system-service'], ['@system-service']], 'the filter this test applies is the units\' own');
  const allowed = [...new Set(syscallsOf('@system-service'))];
  assert.ok(allowed.includes('read') && allowed.includes('epoll_wait') && !allowed.includes('pkey_alloc'), 'the group expanded');
  // strace's fault injection stands in for the seccomp filter with SystemCallErrorNumber=EPERM: a call outside
  // the set fails with EPERM. `?` skips names this architecture lacks; -I never: strace waits for node to exit.
  const log = join(dir, 'strace.log');
  const inject = `!${allowed.map((name) => `?${name}`).join(',')}:error=EPERM`;
  const args = [MONITOR_BIN, 'serve', '--demo', '--port', '0', '--data', join(dir, 'filtered-data')];
  const serve = ServeChild.start(STRACE, ['-f', '-qq', '-I', 'never', '-o', log, '-e', 'trace=all', '-e', `inject=${inject}`, process.execPath, ...args], true);
  let status: number | null;
  try {
    const url = await serve.listening(30_000);
    await waitUntil(
      async () => (((await (await fetch(`${url}api/snapshot`)).json()) as { servers: unknown[] }).servers.length > 0 ? true : undefined),
      { timeoutMs: 30_000, what: 'the demo source read under the filter' },
    );
    assert.equal((await fetch(url)).status, 200);
  } finally {
    // The whole group: node handles SIGTERM (writes its store, exits 0); strace then exits with node's status.
    status = await serve.stop();
  }
  assert.equal(status, 0, serve.stderr);
  const refused = [...new Set([...(await readFile(log, 'utf8')).matchAll(/^\d+ +(\w+)\(.*\(INJECTED\)$/gm)].map((match) => match[1]))];
  // Recorded, not required: which calls node tried outside the set (today V8's pkey_alloc) and lived without.
  t.diagnostic(`refused with EPERM: ${refused.join(', ') || 'none'}`);
});
