// The built `murmur-monitor` command as a user meets it: help, version, and mistakes, by exit status and stream.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MONITOR_BIN } from '../support/run-monitor.js';

const PACKAGE = new URL('../../../package.json', import.meta.url);

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [MONITOR_BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'murmur-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('--help and -h, at the top and on every command: usage on stdout, exit 0, nothing on stderr', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--help'], /^usage: murmur-monitor COMMAND/],
    [['-h'], /^usage: murmur-monitor COMMAND/],
    [['report', '--help'], /^usage: murmur-monitor report --source/],
    [['report', '-h'], /^usage: murmur-monitor report --source/],
    [['serve', '--help'], /^usage: murmur-monitor serve --source/],
    [['serve', '--source', 'a=/x', '-h'], /^usage: murmur-monitor serve --source/],
    // Help wins over what is wrong with the rest: asking how to use it must not fail.
    [['report', '--source', 'no-equals', '--help'], /^usage: murmur-monitor report/],
  ];
  for (const [args, usage] of cases) {
    const result = cli(...args);
    assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stdout, usage, args.join(' '));
    assert.equal(result.stderr, '', args.join(' '));
  }
});

test('--version prints the version of package.json, at the top and after a command', async () => {
  const { version } = JSON.parse(await readFile(PACKAGE, 'utf8')) as { version: string };
  for (const args of [['--version'], ['report', '--version'], ['serve', '--version']]) {
    const result = cli(...args);
    assert.equal(result.status, 0, args.join(' '));
    assert.equal(result.stdout, `murmur-monitor ${version}\n`, args.join(' '));
  }
});

test('mistakes: exit 2, the mistake named on stderr with the usage, nothing on stdout', () => {
  const cases: Array<[string[], RegExp, RegExp]> = [
    [[], /^murmur-monitor: a command is needed\n/, /usage: murmur-monitor COMMAND/],
    [['status'], /^murmur-monitor: unknown command "status"\n/, /usage: murmur-monitor COMMAND/],
    [['--bogus'], /^murmur-monitor: unknown option --bogus\n/, /usage: murmur-monitor COMMAND/],
    [['report', '--bogus'], /^murmur-monitor report: unknown option --bogus\n/, /usage: murmur-monitor report/],
    [['report'], /^murmur-monitor report: at least one --source NAME=PATH is required\n/, /usage: murmur-monitor report/],
    [['report', '--source', 'a=/x', 'extra'], /^murmur-monitor report: unexpected argument "extra"\n/, /usage: murmur-monitor report/],
    [['report', '--source', 'a=/x', '--json=yes'], /^murmur-monitor report: --json takes no value\n/, /usage: murmur-monitor report/],
    [['serve', '--source', 'a=/x', '--prot', '80'], /^murmur-monitor serve: unknown option --prot\n/, /usage: murmur-monitor serve/],
    [['serve', '--source', 'a=/x', '--port'], /^murmur-monitor serve: --port needs a value\n/, /usage: murmur-monitor serve/],
  ];
  for (const [args, message, usage] of cases) {
    const result = cli(...args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, message, args.join(' '));
    assert.match(result.stderr, usage, args.join(' '));
    assert.equal(result.stdout, '', args.join(' '));
  }
});

test('report on a file that holds no Murmur line says so on stderr', async () => {
  const notALog = join(dir, 'passwd');
  await writeFile(notALog, 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
  const wrong = cli('report', '--source', `x=${notALog}`, '--json');
  assert.equal(wrong.status, 0, 'nothing failed to read: the (empty) report is still printed');
  assert.equal(wrong.stdout, '{"servers":[]}\n');
  assert.match(wrong.stderr, /^murmur-monitor report: source x: none of the 2 line\(s\) of .*passwd is a Murmur log line/);
  const empty = join(dir, 'empty.log');
  await writeFile(empty, '');
  assert.match(cli('report', '--source', `e=${empty}`).stderr, /source e: .*empty\.log holds no line at all/);
});
