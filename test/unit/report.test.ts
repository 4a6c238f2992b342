import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import type { Report } from '../../main/contract.js';
import { writeSyntheticLog } from '../../main/core/synthetic/files.js';
import { line, userLine } from '../fixtures/logs/build.js';

const CLI = fileURLToPath(new URL('../../../bin/murmur-monitor.js', import.meta.url));
const REAL = fileURLToPath(new URL('../../../test/fixtures/real/', import.meta.url));

function report(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [CLI, 'report', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'murmur-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('--json prints exactly the documented document for a real Murmur 1.3 log and its rotation', async () => {
  const result = report('--source', `real=${REAL}murmur-1.3.log`, '--json');
  assert.equal(result.status, 0, result.stderr);
  const document = JSON.parse(result.stdout) as Report;
  assert.deepEqual(Object.keys(document), ['servers']);
  const [server] = document.servers;
  assert.ok(server !== undefined);
  assert.deepEqual(Object.keys(server), ['source', 'server', 'online', 'days']);
  assert.deepEqual([server.source, server.server], ['real', 1]);
  for (const user of server.online) assert.deepEqual(Object.keys(user), ['session', 'name', 'userId', 'since']);
  for (const day of server.days) assert.deepEqual(Object.keys(day), ['date', 'logins', 'uniqueUsers', 'peakOnline']);
  const expected = JSON.parse(await readFile(`${REAL}murmur-1.3.expected.json`, 'utf8')) as { logins: number; online: unknown[] };
  assert.deepEqual(server.online.map(({ session, name, userId }) => ({ session, name, userId })), expected.online);
  assert.equal(server.days.reduce((sum, day) => sum + day.logins, 0), expected.logins);
  assert.match(server.online[0]?.since ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
});

test('a synthetic log rotated into .gz and plain files reports what the generator wrote (1.3 and 1.5)', async () => {
  for (const style of ['1.3', '1.5'] as const) {
    const path = join(dir, `synthetic-${style}.log`);
    const expected = await writeSyntheticLog(path, { seed: 5, days: 16, style, rotateEveryDays: 6 }, { rotate: true });
    assert.deepEqual(
      expected.paths.map((file) => file.slice(path.length)),
      ['.2.gz', '.1', ''],
    );
    const result = report('--source', `s=${path}`, '--json');
    assert.equal(result.status, 0, result.stderr);
    const document = JSON.parse(result.stdout) as Report;
    assert.deepEqual(
      document.servers.map(({ server, online, days }) => ({ server, online, days })),
      expected.servers,
      style,
    );
  }
});

test('several sources, and a readable summary that never prints raw control characters', async () => {
  const path = join(dir, 'odd.log');
  await writeFile(path, [line('10:00:00', 'Murmur 1.5.735 running on Linux: x: Booting servers'), userLine('10:01:00', 1, 1, 'red\u001b[31m', 3, 'Authenticated')].join('\n'));
  const json = report('--source', `odd=${path}`, '--source', `real=${REAL}murmur-1.5.log`, '--json');
  assert.equal(json.status, 0, json.stderr);
  const document = JSON.parse(json.stdout) as Report;
  assert.deepEqual(document.servers.map((server) => server.source), ['odd', 'real']);
  assert.equal(document.servers[0]?.online[0]?.name, 'red\u001b[31m');
  const text = report('--source', `odd=${path}`);
  assert.equal(text.status, 0, text.stderr);
  assert.ok(!text.stdout.includes('\u001b'));
  assert.match(text.stdout, /red\\u001b\[31m \(id 3\), session 1, since 2026-11-27 10:01:00\.000/);
  assert.match(text.stdout, /2026-11-27\s+1\s+1\s+1/);
});

test('bad arguments exit 2 with the usage; unreadable sources exit 1 naming the file', async () => {
  for (const args of [[], ['--json'], ['--source', 'nopath'], ['--source', 'a=/x', '--source', 'a=/y'], ['--source', 'a=/x', '--verbose']]) {
    const result = report(...args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /usage: murmur-monitor report --source NAME=PATH/);
    assert.equal(result.stdout, '');
  }
  const missing = report('--source', `gone=${join(dir, 'nothing-here.log')}`, '--json');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /source gone: .*nothing-here\.log: no such file/);
  assert.equal(missing.stdout, '');
  const folder = report('--source', `dir=${dir}`);
  assert.equal(folder.status, 1);
  assert.match(folder.stderr, /is a directory/);
});
