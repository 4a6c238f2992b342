// The one source pipeline: `report` (Source.readAll) and live following (Source.follow) give the tracker the
// same lines, whatever pieces the bytes arrive in; and a path that is not a regular file is refused.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { generateSyntheticLog } from '../../main/core/synthetic/log.js';
import { Random } from '../../main/core/synthetic/people.js';
import { SourceTracker, type TrackerListener } from '../../main/core/murmur/tracker.js';
import { MAX_LINE_BYTES } from '../../main/core/source/line-splitter.js';
import { openSource } from '../../main/core/source/open-source.js';
import type { FollowState, SourceFeed, SourcePlace } from '../../main/core/source/source.js';
import { waitUntil } from '../support/wait-until.js';

const CLI = fileURLToPath(new URL('../../../bin/murmur-monitor.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mm-pipeline-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A tracker that records every event it emits, in order. */
function recordingTracker(): { tracker: SourceTracker; events: unknown[] } {
  const events: unknown[] = [];
  const record = (kind: string) => (event: unknown) => events.push([kind, event]);
  const listener: TrackerListener = {
    onJoin: record('join'),
    onLeave: record('leave'),
    onSession: record('session'),
    onServerEvent: record('server'),
    onSecurity: record('security'),
  };
  return { tracker: new SourceTracker('s', listener, undefined, { timezone: 'UTC' }), events };
}

/** A synthetic log with the lines a real one may hold besides Murmur's: over the limit, bad UTF-8, CRLF. */
function hostileLog(seed: number): Buffer {
  const lines = generateSyntheticLog({ seed, days: 3, style: seed % 2 === 0 ? '1.3' : '1.5', loginsPerDay: 30 }).text.split('\n');
  const at = (fraction: number): number => Math.floor(lines.length * fraction);
  const parts = lines.map((text) => Buffer.from(`${text}\n`));
  parts.splice(at(0.2), 0, Buffer.from(`${'x'.repeat(MAX_LINE_BYTES + 10)} 1 => <7:mallory(-1)> Authenticated\n`));
  parts.splice(at(0.4), 0, Buffer.from([0x3c, 0x57, 0x3e, 0xff, 0xfe, 0x0a]));
  parts.splice(at(0.6), 0, Buffer.from(`${lines[at(0.6)] ?? ''}\r\n`));
  parts.splice(at(0.8), 0, Buffer.from('garbage that is no log line\n'));
  return Buffer.concat(parts);
}

/** Follows `path` with a fresh tracker, driven by wake() (no watcher, no poll in the test's time). */
function follow(path: string): { tracker: SourceTracker; events: unknown[]; consumed: () => number; stop: () => Promise<void>; wake: () => void } {
  const { tracker, events } = recordingTracker();
  let consumed = 0;
  const feed: SourceFeed = {
    sink: tracker,
    advanced: (_place: SourcePlace, bytes: number) => (consumed += bytes),
    readProgress: () => undefined,
    reset: () => undefined,
    state: () => undefined,
    caughtUp: () => undefined,
    warn: (message) => assert.fail(message),
  };
  const follower = openSource(path).follow(null, feed, { watch: false, pollIntervalMs: 60_000 });
  follower.start();
  return { tracker, events, consumed: () => consumed, stop: () => follower.stop(), wake: () => follower.wake() };
}

for (const seed of [1, 2, 3]) {
  test(`report and a live follow fed the same bytes in random pieces agree on every event and count (seed ${seed})`, async () => {
    const bytes = hostileLog(seed);
    const dir = join(root, `equal-${seed}`);
    mkdirSync(dir);
    const reported = join(dir, 'report.log');
    writeFileSync(reported, bytes);
    const report = recordingTracker();
    await openSource(reported).readAll(report.tracker);

    const live = join(dir, 'live.log');
    writeFileSync(live, '');
    const followed = follow(live);
    // Seeded, so a failure names a seed that replays it.
    const random = new Random(seed);
    for (let at = 0; at < bytes.length; ) {
      // Pieces from 1 byte (a character cut in two, a line cut anywhere) to 96 KiB (over the line limit).
      const size = random.chance(0.3) ? 1 + random.below(16) : 1 + random.below(96 * 1024);
      appendFileSync(live, bytes.subarray(at, at + size));
      at += size;
      if (random.chance(0.5)) followed.wake();
    }
    followed.wake();
    await waitUntil(() => (followed.consumed() === bytes.length ? true : undefined), { timeoutMs: 20_000, what: 'the follower to consume every byte' });
    await followed.stop();

    assert.ok(report.tracker.unparsedLines >= 3, `the three hostile lines were counted as unparsed (${report.tracker.unparsedLines})`);
    assert.deepEqual(followed.tracker.toState(), report.tracker.toState());
    assert.ok(report.events.length > 100);
    assert.deepEqual(followed.events, report.events);
  });
}

test('report refuses a device file and a FIFO with a clear message instead of never ending', () => {
  const fifo = join(root, 'murmur.fifo');
  execFileSync('mkfifo', [fifo]);
  for (const path of ['/dev/zero', fifo]) {
    const child = spawnSync(process.execPath, [CLI, 'report', '--source', `x=${path}`], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(child.error, undefined, `report on ${path} ended by itself`);
    assert.equal(child.status, 1, child.stderr);
    assert.match(child.stderr, /not a regular file \(a device, a FIFO or a socket\)/);
    assert.ok(child.stderr.includes(path));
  }
});

test('a followed device file or FIFO is an error state with the same message', async () => {
  const fifo = join(root, 'followed.fifo');
  execFileSync('mkfifo', [fifo]);
  for (const path of ['/dev/zero', fifo]) {
    const states: Array<[FollowState, string | undefined]> = [];
    const feed: SourceFeed = {
      sink: new SourceTracker('s'),
      advanced: () => assert.fail('nothing is read'),
      readProgress: () => undefined,
      reset: () => undefined,
      state: (state, message) => states.push([state, message]),
      caughtUp: () => undefined,
      warn: () => undefined,
    };
    const follower = openSource(path).follow(null, feed, { watch: false, pollIntervalMs: 60_000 });
    follower.start();
    await waitUntil(() => states[0], { timeoutMs: 5000, what: `a state for ${path}` });
    await follower.stop();
    assert.equal(states[0]?.[0], 'error');
    assert.match(states[0]?.[1] ?? '', /not a regular file/);
  }
});
