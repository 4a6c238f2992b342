// The built `murmur-monitor` command as a user meets it: help, version, and mistakes, by exit status and stream.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MONITOR_BIN } from '../support/run-monitor.js';
import { ServeChild } from '../support/serve-child.js';
import { waitUntil } from '../support/wait-until.js';

const PACKAGE = new URL('../../../package.json', import.meta.url);

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [MONITOR_BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

let dir = '';

/** A file of two /etc/passwd lines; a path under it is "not a directory" for anyone, root included (root reads any mode). */
function notALogPath(): string {
  return join(dir, 'passwd');
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'murmur-cli-'));
  await writeFile(notALogPath(), 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
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

test("the README's serve options are `serve --help`, word for word", async () => {
  const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
  const help = cli('serve', '--help').stdout;
  assert.ok(readme.includes(`\`\`\`text\n${help}\`\`\``), 'README.md shows the options serve --help prints');
});

test('--version prints the version of package.json, at the top and after a command', async () => {
  const { version } = JSON.parse(await readFile(PACKAGE, 'utf8')) as { version: string };
  for (const args of [['--version'], ['report', '--version'], ['serve', '--version']]) {
    const result = cli(...args);
    assert.equal(result.status, 0, args.join(' '));
    assert.equal(result.stdout, `murmur-monitor ${version}\n`, args.join(' '));
  }
});

test('the bin of a checkout that was never built says how to build it (not ERR_MODULE_NOT_FOUND)', async () => {
  const checkout = join(dir, 'unbuilt');
  await mkdir(join(checkout, 'bin'), { recursive: true });
  await copyFile(MONITOR_BIN, join(checkout, 'bin', 'murmur-monitor.js'));
  const result = spawnSync(process.execPath, [join(checkout, 'bin', 'murmur-monitor.js'), '--version'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 1);
  assert.equal(result.stderr, `murmur-monitor: ${join(checkout, 'dist', 'main', 'cli.js')} is missing: build it with \`npm run build\` in ${checkout}/\n`);
});

test('prepare in a checkout installed without the dev dependencies (npm ci --omit=dev) says why nothing is built, and does not fail', async () => {
  const checkout = join(dir, 'production-only');
  await mkdir(join(checkout, 'scripts'), { recursive: true });
  await copyFile(join(MONITOR_BIN, '..', '..', 'scripts', 'prepare.mjs'), join(checkout, 'scripts', 'prepare.mjs'));
  const result = spawnSync(process.execPath, ['scripts/prepare.mjs'], { cwd: checkout, encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0);
  assert.match(result.stderr, /the dev dependencies are not installed, so nothing is built \(there is no dist\/ yet\)\. Build with them, then drop them: npm ci && npm prune --omit=dev/);
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
  const notALog = notALogPath();
  const wrong = cli('report', '--source', `x=${notALog}`, '--json');
  assert.equal(wrong.status, 0, 'nothing failed to read: the (empty) report is still printed');
  assert.equal(wrong.stdout, '{"servers":[]}\n');
  assert.match(wrong.stderr, /^murmur-monitor report: source x: none of the 2 line\(s\) of .*passwd is a Murmur log line/);
  const empty = join(dir, 'empty.log');
  await writeFile(empty, '');
  assert.match(cli('report', '--source', `e=${empty}`).stderr, /source e: .*empty\.log holds no line at all/);
});

test('serve prints its data folder and says on stderr which sources are missing or unreadable', async () => {
  const data = join(dir, 'serve-data');
  const gone = join(dir, 'not-yet.log');
  const serve = ServeChild.start(process.execPath, [MONITOR_BIN, 'serve', '--source', `gone=${gone}`, '--source', `bad=${join(notALogPath(), 'x.log')}`, '--port', '0', '--data', data, '--no-perf']);
  let status: number | null;
  try {
    // The runner may warn of a source in its own words first: wait for serve's lines themselves.
    const said = [/murmur-monitor serve: source gone: waiting for .*not-yet\.log to appear/, /murmur-monitor serve: source bad: a part of this path is not a directory/];
    await waitUntil(() => (said.every((line) => line.test(serve.stderr)) ? true : undefined), { timeoutMs: 20_000, what: `both sources' problems on stderr (so far: ${JSON.stringify(serve.stderr)})` });
    assert.ok(serve.stdout.startsWith(`data folder: ${data}\n`), serve.stdout);
    assert.match(serve.stdout, /\nlistening on http:\/\/127\.0\.0\.1:\d+\/\n/);
  } finally {
    status = await serve.stop();
  }
  assert.equal(status, 0, serve.stderr);
});

test('serve on a taken port fails at once, before it reads any history', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  const data = join(dir, 'taken-data');
  try {
    // --demo would write a demo log and serve would read it, and the store would be written on the way out.
    const result = spawnSync(process.execPath, [MONITOR_BIN, 'serve', '--demo', '--port', String(port), '--data', data, '--no-perf'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 1, result.stderr);
    assert.ok(result.stderr.startsWith(`murmur-monitor serve: cannot listen on 127.0.0.1:${port}: `), result.stderr);
    assert.match(result.stderr, /EADDRINUSE/);
    assert.deepEqual(await readdir(data), [], 'nothing read or written in the data folder');
  } finally {
    taken.close();
  }
});

test('serve stopped by SIGTERM as soon as it listens (while its history loads) still exits 0 with its store written', async () => {
  const data = join(dir, 'early-stop');
  const serve = ServeChild.start(process.execPath, [MONITOR_BIN, 'serve', '--demo', '--no-perf', '--port', '0', '--data', data]);
  await serve.listening();
  assert.equal(await serve.stop(), 0, serve.stderr);
  assert.ok((await readdir(data)).includes('monitor.json'), 'the store was written on the way out');
});
