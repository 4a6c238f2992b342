// A rotation by rename while a followed file source starts: the segments it listed must be the ones it
// reads, whatever names they carry by the time each is read. The first tests rename from inside the sink,
// at a chosen line, so the race lands at the same point on every run; the last one is a bounded stress of
// real rotations and restarts that must count every line exactly once.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { FileSource } from '../../main/core/source/file-source.js';
import type { SourceFeed, SourcePlace } from '../../main/core/source/source.js';

const root = mkdtempSync(join(tmpdir(), 'mm-rotrace-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** logrotate's `rotate` by rename: PATH.2 → PATH.3, PATH.1 → PATH.2, PATH → PATH.1, a new empty PATH. */
function rotate(path: string): void {
  renameSync(`${path}.2`, `${path}.3`);
  renameSync(`${path}.1`, `${path}.2`);
  renameSync(path, `${path}.1`);
  writeFileSync(path, '');
}

interface Followed {
  lines: string[];
  place: SourcePlace | null;
  caughtUp: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Follows `path` from `place`; `onLine` runs inside the sink for each line, before it is recorded. */
function follow(path: string, place: SourcePlace | null, onLine: (line: string) => void = () => undefined): Followed {
  const followed: Followed = { lines: [], place, caughtUp: async () => undefined, stop: async () => undefined };
  let caughtUp = false;
  const feed: SourceFeed = {
    sink: {
      feedBytes: (bytes, start, end) => {
        const line = bytes.toString('utf8', start, end);
        onLine(line);
        followed.lines.push(line);
      },
      countUnparsed: () => undefined,
    },
    advanced: (next) => {
      followed.place = next;
    },
    readProgress: () => undefined,
    reset: () => undefined,
    state: (state, message) => assert.notEqual(state, 'error', message),
    caughtUp: () => {
      caughtUp = true;
    },
    warn: (message) => assert.fail(message),
  };
  const follower = new FileSource(path).follow(place, feed, { watch: false, pollIntervalMs: 20, rotateWaitMs: 0 });
  follower.start();
  followed.caughtUp = async () => {
    while (!caughtUp) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  followed.stop = () => follower.stop();
  return followed;
}

const block = (name: string, count: number): string => Array.from({ length: count }, (_, index) => `${name} line ${index}\n`).join('');
const linesOf = (...texts: string[]): string[] => texts.join('').split('\n').filter((line) => line !== '');

test('a rotation while the history is read: every segment listed at start is read once, by what it holds', async () => {
  const folder = join(root, 'first-run');
  mkdirSync(folder);
  const path = join(folder, 'murmur.log');
  const [a, b, c] = [block('a', 3), block('b', 3), block('c', 3)];
  writeFileSync(`${path}.2`, a);
  writeFileSync(`${path}.1`, b);
  writeFileSync(path, c);
  let rotated = false;
  const followed = follow(path, null, (line) => {
    // Murmur's log is rotated after the oldest segment's first line was read, before the others are.
    if (rotated || !line.startsWith('a ')) return;
    rotated = true;
    rotate(path);
    appendFileSync(path, 'd line 0\n');
  });
  await followed.caughtUp();
  await followed.stop();
  assert.ok(rotated);
  assert.deepEqual(followed.lines, linesOf(a, b, c, 'd line 0\n'));
});

test('a restart that resumes in a rotated file while the log is rotated again: the live file listed is read too', async () => {
  const folder = join(root, 'resume');
  mkdirSync(folder);
  const path = join(folder, 'murmur.log');
  writeFileSync(`${path}.2`, block('a', 2));
  writeFileSync(`${path}.1`, block('b', 2));
  writeFileSync(path, block('c', 2));
  const first = follow(path, null);
  await first.caughtUp();
  await first.stop();
  assert.deepEqual(first.lines, linesOf(block('a', 2), block('b', 2), block('c', 2)));

  // While the monitor is down: a last line in the live file, then a rotation and a line in the new file.
  appendFileSync(path, 'c line 2\n');
  rotate(path);
  appendFileSync(path, 'd line 0\n');
  const second = follow(path, first.place, (line) => {
    if (line !== 'c line 2') return;
    // Rotated again while the rest of PATH.1 is read, before the live file listed with it is opened.
    rotate(path);
    appendFileSync(path, 'e line 0\n');
  });
  await second.caughtUp();
  await second.stop();
  assert.deepEqual(second.lines, ['c line 2', 'd line 0', 'e line 0']);
});

test('bounded stress: rotations every 50 ms while the follower is stopped and restarted from its stored place', async () => {
  const folder = join(root, 'stress');
  mkdirSync(folder);
  const path = join(folder, 'murmur.log');
  writeFileSync(path, '');
  let written = 0;
  const writer = setInterval(() => appendFileSync(path, `line ${written++}\n`), 1);
  // logrotate with `compress`: rename down the chain, a new PATH, then PATH.2 becomes PATH.2.gz.
  const rotator = setInterval(() => {
    for (let n = 6; n >= 2; n -= 1) if (existsSync(`${path}.${n}.gz`)) renameSync(`${path}.${n}.gz`, `${path}.${n + 1}.gz`);
    if (existsSync(`${path}.1`)) renameSync(`${path}.1`, `${path}.2`);
    renameSync(path, `${path}.1`);
    writeFileSync(path, '');
    if (existsSync(`${path}.2`)) {
      writeFileSync(`${path}.2.gz`, gzipSync(readFileSync(`${path}.2`)));
      unlinkSync(`${path}.2`);
    }
  }, 50);
  // What a store holds: the lines and the place of each advanced() call, written together. Lines fed after
  // the last advanced() of a run are lost with it, as in a kill -9, and must be read again by the next run.
  const counted: string[] = [];
  let place: SourcePlace | null = null;
  const run = async (milliseconds: number): Promise<void> => {
    let pending: string[] = [];
    const feed: SourceFeed = {
      sink: { feedBytes: (bytes, start, end) => pending.push(bytes.toString('utf8', start, end)), countUnparsed: () => undefined },
      advanced: (next) => {
        place = next;
        counted.push(...pending);
        pending = [];
      },
      readProgress: () => undefined,
      reset: () => undefined,
      state: (state, message) => assert.notEqual(state, 'error', message),
      caughtUp: () => undefined,
      warn: (message) => assert.fail(message),
    };
    const follower = new FileSource(path).follow(place, feed, { pollIntervalMs: 20, rotateWaitMs: 0 });
    follower.start();
    await new Promise((resolve) => setTimeout(resolve, milliseconds));
    await follower.stop();
  };
  const stressUntil = Date.now() + 3000;
  for (let turn = 0; Date.now() < stressUntil; turn += 1) await run(40 + ((turn * 37) % 160));
  clearInterval(writer);
  clearInterval(rotator);
  await run(500);
  assert.ok(written > 1000, `only ${written} lines written`);
  assert.deepEqual(counted, Array.from({ length: written }, (_, index) => `line ${index}`));
});
