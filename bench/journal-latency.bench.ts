// `node scripts/bench.mjs journal-latency`: time from a join line written into the systemd journal until the
// `event: join` reaches an SSE client of `murmur-monitor serve --source bench=journal:ID`, over 40 joins.
// Written as Murmur under systemd writes: one stream into journald (its stderr), one write per line, and
// around each join a burst of 3 to 6 lines 1 to 10 ms apart.
// Baseline, same run and same lines: a bare `journalctl --follow` of the same identifier, the floor any
// journal reader sits on (journald tells followers of new entries in batches). Goal: p50 and p95 within
// 50 ms of the baseline's.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureJournald, freshIdentifier } from '../test/support/journald.js';
import { SseClient } from '../test/support/sse-client.js';
import { startServe, waitFollowing } from './serve-child.js';
import { percentile } from './stats.js';

const JOINS = 40;
const MARGIN_MS = 50;

const unavailable = await ensureJournald();
if (unavailable !== null) {
  console.log(`skipped: ${unavailable}`);
  process.exit(0);
}
const dir = join('bench-output', 'journal-latency');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const identifier = freshIdentifier('bench');

// Murmur's stderr: one long-lived stream into journald, as systemd connects a unit's output.
const murmur = spawn('systemd-cat', ['-t', identifier], { stdio: ['pipe', 'ignore', 'inherit'] });
const clock = (offset: number): string => {
  const time = new Date(Date.parse('2026-11-27T10:00:00Z') + offset).toISOString();
  return `${time.slice(0, 10)} ${time.slice(11, 23)}`;
};
const write = (line: string): void => void murmur.stdin.write(`${line}\n`);
write(`<W>${clock(0)} Murmur 1.5.735 running on Linux: Debian GNU/Linux 13 (trixie) [x64]: Booting servers`);
write(`<W>${clock(100)} 1 => Server listening on 0.0.0.0:64738`);

// The baseline: a bare follower of the same entries, started from the end of what is there now.
const seen = new Map<string, number>();
const bare = spawn('journalctl', ['--output=cat', '--follow', '--lines=0', `SYSLOG_IDENTIFIER=${identifier}`], { stdio: ['ignore', 'pipe', 'inherit'] });
let pending = '';
bare.stdout.setEncoding('utf8').on('data', (text: string) => {
  const now = performance.now();
  const lines = (pending + text).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const session = /<(\d+):\S+\(-1\)> Authenticated/.exec(line)?.[1];
    if (session !== undefined) seen.set(session, now);
  }
});

const serve = await startServe(['--source', `bench=journal:${identifier}`, '--data', join(dir, 'data'), '--no-perf']);
await waitFollowing(serve.base);
const events = await SseClient.open(new URL('api/events', serve.base).href);
await sleep(500);

const ours: number[] = [];
const floor: number[] = [];
for (let i = 0; i < JOINS; i += 1) {
  const session = 100 + i;
  const at = 60_000 + i * 1000;
  // A connection as Murmur logs it: the new connection, its TLS details, then the join, then the channel.
  write(`<W>${clock(at)} 1 => <${session}:(-1)> New connection: 127.0.0.1:${40_000 + i}`);
  for (let extra = Math.floor(Math.random() * 3); extra > 0; extra -= 1) {
    await sleep(1 + Math.random() * 9);
    write(`<W>${clock(at + 2)} 1 => <${session}:(-1)> Client version 1.5.735 (Linux: Debian) Mumble`);
  }
  await sleep(1 + Math.random() * 9);
  const written = performance.now();
  write(`<W>${clock(at + 5)} 1 => <${session}:user${i}(-1)> Authenticated`);
  await sleep(1 + Math.random() * 9);
  write(`<W>${clock(at + 6)} 1 => <${session}:user${i}(-1)> Moved user${i}:${session}(-1) to Root[0:0]`);
  await events.waitFor<{ session: number }>('join', (data) => data.session === session, 10_000);
  const arrived = events.events.find((event) => event.event === 'join' && (JSON.parse(event.data) as { session: number }).session === session)?.receivedAt;
  ours.push((arrived ?? Number.NaN) - written);
  const bareAt = seen.get(String(session));
  if (bareAt !== undefined) floor.push(bareAt - written);
  // Joins come spread out in real life; the pause also keeps one measurement from queueing behind the last.
  await sleep(150 + Math.random() * 250);
}
events.close();
bare.kill();
murmur.stdin.end();
await serve.stop();

const fmt = (values: number[], p: number): string => `${percentile(values, p).toFixed(1)} ms`;
console.log(`journal: join written → SSE event received, ${JOINS} joins in bursts: p50 ${fmt(ours, 50)}, p95 ${fmt(ours, 95)}, max ${fmt(ours, 100)}`);
console.log(`baseline, bare journalctl --follow of the same lines (${floor.length} seen): p50 ${fmt(floor, 50)}, p95 ${fmt(floor, 95)}, max ${fmt(floor, 100)}`);
const ok = percentile(ours, 50) - percentile(floor, 50) <= MARGIN_MS && percentile(ours, 95) - percentile(floor, 95) <= MARGIN_MS;
console.log(`goal p50 and p95 within ${MARGIN_MS} ms of the baseline's: ${ok ? 'met' : 'MISSED'}`);
process.exitCode = ok ? 0 : 1;
