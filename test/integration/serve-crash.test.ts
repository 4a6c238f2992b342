// `serve` as a child process: killed with SIGKILL during its backfill and again while lines are being
// appended, restarted on the same data folder each time; in the end it must say exactly what
// `murmur-monitor report --json` says about the same files. Fixture logs only (no real Murmur).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Report, Snapshot } from '../../main/contract.js';
import { generateSyntheticLog } from '../../main/core/murmur/synthetic-log.js';
import { tempRoot, until, writeRotatedLog } from '../unit/monitor-fixtures.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'bin', 'murmur-monitor.js');
const root = tempRoot('mm-crash-');
const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

interface Serving {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
}

async function serve(path: string, dataDir: string): Promise<Serving> {
  const child = spawn(process.execPath, [CLI, 'serve', '--source', `a=${path}`, '--port', '0', '--data', dataDir, '--no-perf', '--poll-interval', '100'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { children.delete(child); resolve(code); }));
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await until(() => /listening on (http:\S+)/.test(out), 15_000, `serve to listen (output: ${out})`);
  return { child, base: (/listening on (http:\S+)/.exec(out) as RegExpExecArray)[1] as string, exited };
}

async function snapshot(base: string): Promise<Snapshot> {
  return (await (await fetch(new URL('api/snapshot', base))).json()) as Snapshot;
}

/** The snapshot reduced to the documented report keys, to compare with `report --json`. */
function documented(snap: Snapshot): Report {
  return {
    servers: snap.servers.map((server) => ({
      source: server.source,
      server: server.server,
      online: server.online.map(({ session, name, userId, since }) => ({ session, name, userId, since })),
      days: server.days,
    })),
  };
}

async function settle(base: string, path: string): Promise<Snapshot> {
  let snap = await snapshot(base);
  const deadline = Date.now() + 30_000;
  while (!(snap.sources[0]?.state === 'following' && snap.sources[0].bytesRead >= statSync(path).size)) {
    if (Date.now() > deadline) throw new Error(`serve did not catch up: ${JSON.stringify(snap.sources)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    snap = await snapshot(base);
  }
  return snap;
}

test('SIGKILL during backfill and mid-stream, restart: nothing lost, nothing counted twice', async () => {
  const { text: full, expected } = generateSyntheticLog({ seed: 21, days: 90, style: '1.3', loginsPerDay: 60 });
  const split = full.indexOf('\n', Math.floor(full.length * 0.7)) + 1;
  const log = writeRotatedLog(join(root, 'logs'), full.slice(0, split));
  const dataDir = join(root, 'data');

  const first = await serve(log.path, dataDir);
  await new Promise((resolve) => setTimeout(resolve, 300)); // somewhere inside the backfill
  first.child.kill('SIGKILL');
  await first.exited;

  const second = await serve(log.path, dataDir);
  await settle(second.base, log.path);
  const rest = full.slice(split).split(/(?<=\n)/);
  const killAt = Math.floor(rest.length / 2);
  for (let i = 0; i < rest.length; i += 1) {
    appendFileSync(log.path, rest[i] as string);
    if (i === killAt) second.child.kill('SIGKILL');
    if (i % 200 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await second.exited;

  const third = await serve(log.path, dataDir);
  const snap = await settle(third.base, log.path);
  // The generator's own ground truth first: a mismatch there is ours; a mismatch only with `report` is the report's.
  assert.deepEqual(documented(snap).servers.map(({ server, online, days }) => ({ server, online, days })), expected.servers);
  const report = spawnSync(process.execPath, [CLI, 'report', '--source', `a=${log.path}`, '--json'], { encoding: 'utf8' });
  assert.equal(report.status, 0, report.stderr);
  assert.deepEqual(documented(snap), JSON.parse(report.stdout) as Report);
  third.child.kill('SIGTERM');
  assert.equal(await third.exited, 0, 'SIGTERM flushes and exits 0');
});
