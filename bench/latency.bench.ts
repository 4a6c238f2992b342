// `node scripts/bench.mjs latency`: time from a join line written to the log until the `event: join` reaches
// an SSE client of `murmur-monitor serve` (default settings: chokidar events plus a 1 s stat), over 60 joins.
// Baseline, same run and same file: how long the OS takes to tell a bare fs.watch about the same append
// (the floor any file-watching design sits on). Goal: p95 <= 250 ms.
import { appendFileSync, mkdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startServe, waitFollowing } from './serve-child.js';
import { percentile } from './stats.js';

const JOINS = 60;
const GOAL_MS = 250;
const dir = join('bench-output', 'latency');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const path = join(dir, 'murmur.log');
writeFileSync(path, '<W>2026-11-27 10:00:00.000 Murmur 1.3.4 (1.3.4-1) running on X11: Debian GNU/Linux 12 (bookworm): Booting servers\n<W>2026-11-27 10:00:00.100 1 => Server listening on 0.0.0.0:64738\n');

const serve = await startServe(['--source', `bench=${path}`, '--data', join(dir, 'data'), '--no-perf']);
await waitFollowing(serve.base);

const arrived = new Map<number, number>();
const stream = request(new URL('api/events', serve.base));
stream.on('response', (response) => {
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = /^event: join\ndata: (.*)$/m.exec(message);
      if (data) arrived.set((JSON.parse(data[1] as string) as { session: number }).session, performance.now());
    }
  });
});
stream.end();
await new Promise((resolve) => setTimeout(resolve, 300));

let watched = 0;
const watcher = watch(path, () => (watched = performance.now()));
const sse: number[] = [];
const floor: number[] = [];
for (let i = 0; i < JOINS; i += 1) {
  const session = 100 + i;
  const time = new Date(Date.parse('2026-11-27T10:01:00Z') + i * 1000).toISOString();
  watched = 0;
  const written = performance.now();
  appendFileSync(path, `<W>${time.slice(0, 10)} ${time.slice(11, 23)} 1 => <${session}:user${i}(-1)> Authenticated\n`);
  const deadline = written + 5000;
  while (!arrived.has(session) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
  if (!arrived.has(session)) throw new Error(`join ${session} never arrived`);
  sse.push((arrived.get(session) as number) - written);
  if (watched > 0) floor.push(watched - written);
  // Joins arrive spread out in real life; a pause also keeps one measurement from queueing behind the last.
  await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
}
watcher.close();
stream.destroy();
await serve.stop();

const fmt = (values: number[], p: number): string => `${percentile(values, p).toFixed(1)} ms`;
console.log(`join written → SSE event received, ${JOINS} joins: p50 ${fmt(sse, 50)}, p95 ${fmt(sse, 95)}, max ${fmt(sse, 100)}`);
console.log(`baseline, bare fs.watch notification of the same append (${floor.length} seen): p50 ${fmt(floor, 50)}, p95 ${fmt(floor, 95)}`);
const ok = percentile(sse, 95) <= GOAL_MS;
console.log(`goal p95 <= ${GOAL_MS} ms: ${ok ? 'met' : 'MISSED'}`);
process.exitCode = ok ? 0 : 1;
