import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { FileTailer, type TailListener, type TailOptions } from '../../main/core/source/file-tailer.js';
import type { FilePosition, FollowState, ResetReason } from '../../main/core/source/source.js';

const root = mkdtempSync(join(tmpdir(), 'mm-tail-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshPath = (): string => join(root, `log${++counter}`, 'murmur.log');

/** Records what a tailer delivers; the tests drive it by `wake()` + `settled()` unless they test the watcher. */
class Recorder implements TailListener {
  lines: string[] = [];
  dropped = 0;
  resets: ResetReason[] = [];
  states: Array<{ state: FollowState; message?: string }> = [];
  position: FilePosition | null = null;
  readonly sink = {
    feedBytes: (bytes: Buffer, start: number, end: number): void => {
      this.lines.push(bytes.toString('utf8', start, end));
    },
    countUnparsed: (lines: number): void => {
      this.dropped += lines;
    },
  };
  advanced(position: FilePosition): void {
    this.position = position;
  }
  reset(reason: ResetReason): void {
    this.resets.push(reason);
  }
  state(state: FollowState, message?: string): void {
    this.states.push(message === undefined ? { state } : { state, message });
  }
  caughtUp(): void {}
  get lastState(): FollowState | undefined {
    return this.states.at(-1)?.state;
  }
}

async function follow(path: string, start: FilePosition | null = null, rotateWaitMs = 0): Promise<{ tailer: FileTailer; seen: Recorder; look: () => Promise<void> }> {
  const seen = new Recorder();
  const tailer = new FileTailer(path, seen, { start, watch: false, pollIntervalMs: 60_000, rotateWaitMs });
  tailer.start();
  const lookNow = async (): Promise<void> => {
    tailer.wake();
    await tailer.settled();
  };
  await tailer.settled();
  return { tailer, seen, look: lookNow };
}

/** A tailer woken by its watcher and poll only, as in the app. */
async function watched(path: string, content: string, options: TailOptions): Promise<{ tailer: FileTailer; seen: Recorder }> {
  newLog(path, content);
  const seen = new Recorder();
  const tailer = new FileTailer(path, seen, options);
  tailer.start();
  await tailer.settled();
  return { tailer, seen };
}

/** Waits (at most 3 s) until `count` lines arrived without the tests' own wake(): the watcher or the poll brought them. */
async function untilLines(seen: Recorder, count: number): Promise<void> {
  const deadline = Date.now() + 3000;
  while (seen.lines.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

function newLog(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

test('reads existing lines, then appends; a partial last line waits for its newline', async () => {
  const path = freshPath();
  newLog(path, 'one\ntwo\n');
  const { tailer, seen, look } = await follow(path);
  assert.deepEqual(seen.lines, ['one', 'two']);
  assert.equal(seen.lastState, 'following');
  appendFileSync(path, 'thr');
  await look();
  assert.deepEqual(seen.lines, ['one', 'two'], 'no line before its newline');
  assert.equal(tailer.position?.offset, 8, 'the resume point stays at the last complete line');
  appendFileSync(path, 'ee\nfour\n');
  await look();
  assert.deepEqual(seen.lines, ['one', 'two', 'three', 'four']);
  assert.equal(tailer.position?.offset, 19);
  await tailer.stop();
});

test('rotation by rename: the old file is finished (even lines written after the rename), then the new one read', async () => {
  const path = freshPath();
  newLog(path, 'a1\n');
  const { tailer, seen, look } = await follow(path);
  renameSync(path, `${path}.1`);
  appendFileSync(`${path}.1`, 'a2\npartial-without-newline');
  writeFileSync(path, 'b1\n');
  await look();
  assert.deepEqual(seen.lines, ['a1', 'a2', 'partial-without-newline', 'b1']);
  assert.deepEqual(seen.resets, ['rotated']);
  await tailer.stop();
});

test('rotations made between two looks: the files rotated after the one being read are read whole, in order, before the live one', async () => {
  for (const compress of [false, true]) {
    const path = freshPath();
    newLog(path, 'a1\n');
    const { tailer, seen, look } = await follow(path);
    // Three rotations with no look between them (logrotate forced by hand, a suspended machine): a is now
    // PATH.3, b and c came and went at PATH, d is the live file. With compress, the older ones are gzipped.
    const rotate = (next: string): void => {
      for (let n = 3; n >= 1; n -= 1) {
        for (const gz of ['', '.gz']) if (existsSync(`${path}.${n}${gz}`)) renameSync(`${path}.${n}${gz}`, `${path}.${n + 1}${gz}`);
      }
      renameSync(path, `${path}.1`);
      if (compress && existsSync(`${path}.2`)) {
        writeFileSync(`${path}.2.gz`, gzipSync(readFileSync(`${path}.2`)));
        unlinkSync(`${path}.2`);
      }
      writeFileSync(path, next);
    };
    appendFileSync(path, 'a2\n');
    rotate('b1\nb2\n');
    rotate('c1\n');
    rotate('d1\n');
    await look();
    assert.deepEqual(seen.lines, ['a1', 'a2', 'b1', 'b2', 'c1', 'd1'], compress ? 'compressed' : 'plain');
    assert.deepEqual(seen.resets, ['rotated', 'rotated', 'rotated']);
    appendFileSync(path, 'd2\n');
    await look();
    assert.deepEqual(seen.lines.slice(-1), ['d2']);
    await tailer.stop();
  }
});

test('an empty replacement is ignored during the rotation grace period, so late lines of the old file come first', async () => {
  const path = freshPath();
  newLog(path, 'a1\n');
  const { tailer, seen, look } = await follow(path, null, 60_000);
  renameSync(path, `${path}.1`);
  writeFileSync(path, ''); // logrotate `create`: the new file exists before Murmur reopens
  await look();
  appendFileSync(`${path}.1`, 'a2\n'); // Murmur has not had its SIGHUP yet
  await look();
  appendFileSync(path, 'b1\n');
  await look();
  assert.deepEqual(seen.lines, ['a1', 'a2', 'b1']);
  await tailer.stop();
});

test('copy-truncate: the shrunk file is read again from its start', async () => {
  const path = freshPath();
  newLog(path, 'old1\nold2\n');
  const { tailer, seen, look } = await follow(path);
  copyFileSync(path, `${path}.1`);
  truncateSync(path, 0);
  appendFileSync(path, 'new1\n');
  await look();
  assert.deepEqual(seen.lines, ['old1', 'old2', 'new1']);
  assert.deepEqual(seen.resets, ['truncated']);
  await tailer.stop();
});

for (const compressed of [false, true]) {
  test(`copy-truncate: lines written after our last read are taken from the copy (${compressed ? 'PATH.1.gz' : 'PATH.1'}) first`, async () => {
    const path = freshPath();
    newLog(path, 'old1\nold2\n');
    const { tailer, seen, look } = await follow(path);
    // All before the tailer looks again: the late lines exist only in the copy once the file is truncated.
    appendFileSync(path, 'late1\nlate2\n');
    // With `compress` and without `delaycompress`, logrotate compresses the copy to PATH.1.gz and removes
    // PATH.1 at once: PATH.1 may never be seen.
    if (compressed) writeFileSync(`${path}.1.gz`, gzipSync(readFileSync(path)));
    else copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    appendFileSync(path, 'new1\n');
    await look();
    assert.deepEqual(seen.lines, ['old1', 'old2', 'late1', 'late2', 'new1']);
    assert.deepEqual(seen.resets, ['truncated']);
    await tailer.stop();
  });
}

test('copy-truncate with an unrelated PATH.1: only the truncated file is read again', async () => {
  const path = freshPath();
  newLog(path, 'old1\nold2\n');
  writeFileSync(`${path}.1`, 'another log entirely\nwith more lines\n');
  const { tailer, seen, look } = await follow(path);
  truncateSync(path, 0);
  appendFileSync(path, 'new1\n');
  await look();
  assert.deepEqual(seen.lines, ['old1', 'old2', 'new1']);
  await tailer.stop();
});

test('truncated and regrown past the old offset between two looks is seen by its changed first bytes', async () => {
  const path = freshPath();
  newLog(path, 'x\n');
  const { tailer, seen, look } = await follow(path);
  truncateSync(path, 0);
  appendFileSync(path, 'completely new content\n');
  await look();
  assert.deepEqual(seen.lines, ['x', 'completely new content']);
  assert.deepEqual(seen.resets, ['rewritten']);
  await tailer.stop();
});

test('missing at start: waiting, then picked up; deleted and recreated: picked up again', async () => {
  const path = freshPath();
  mkdirSync(join(path, '..'), { recursive: true });
  const { tailer, seen, look } = await follow(path);
  assert.equal(seen.lastState, 'waiting');
  assert.match(seen.states.at(-1)?.message ?? '', /waiting for .*murmur\.log/);
  writeFileSync(path, 'first\n');
  await look();
  assert.equal(seen.lastState, 'following');
  unlinkSync(path);
  await look();
  assert.equal(seen.lastState, 'waiting');
  writeFileSync(path, 'second\n');
  await look();
  assert.deepEqual(seen.lines, ['first', 'second']);
  await tailer.stop();
});

test('an unreadable path is an error state with a message, and recovers when fixed', async () => {
  const path = freshPath();
  mkdirSync(path, { recursive: true }); // a directory where the log should be
  const { tailer, seen, look } = await follow(path);
  assert.equal(seen.lastState, 'error');
  assert.match(seen.states.at(-1)?.message ?? '', /directory/);
  rmSync(path, { recursive: true });
  writeFileSync(path, 'fixed\n');
  await look();
  assert.equal(seen.lastState, 'following');
  assert.deepEqual(seen.lines, ['fixed']);
  await tailer.stop();
});

test('resumes at a stored position in the same file, and from 0 when the file is another one', async () => {
  const path = freshPath();
  newLog(path, 'l1\nl2\n');
  const first = await follow(path);
  const stored = first.tailer.position;
  await first.tailer.stop();
  appendFileSync(path, 'l3\n');
  const second = await follow(path, stored);
  assert.deepEqual(second.seen.lines, ['l3']);
  await second.tailer.stop();
  writeFileSync(path, 'other file\n');
  const third = await follow(path, stored);
  assert.deepEqual(third.seen.lines, ['other file']);
  await third.tailer.stop();
});

test('multi-byte characters split across chunks arrive whole', async () => {
  const path = freshPath();
  const name = 'Zoë 🎧 Ωmega';
  newLog(path, `${name}\n`.repeat(200));
  const seen = new Recorder();
  const tailer = new FileTailer(path, seen, { watch: false, chunkBytes: 7 });
  tailer.start();
  await tailer.settled();
  assert.equal(seen.lines.length, 200);
  assert.ok(seen.lines.every((line) => line === name));
  await tailer.stop();
});

test('the watcher wakes the tailer on an append without waiting for the periodic stat', async () => {
  const path = freshPath();
  const { tailer, seen } = await watched(path, 'w1\n', { pollIntervalMs: 60_000 });
  appendFileSync(path, 'w2\n');
  await untilLines(seen, 2);
  assert.deepEqual(seen.lines, ['w1', 'w2']);
  await tailer.stop();
});

test('a burst of writes a few ms apart is seen to its last line without the periodic stat', async () => {
  // Murmur writes each line with a write of its own, several within a few ms when a client connects; a
  // watcher that drops an event close to the previous one leaves the last line for the next poll.
  const path = freshPath();
  const { tailer, seen } = await watched(path, 'b0\n', { pollIntervalMs: 60_000 });
  for (let burst = 1; burst <= 5; burst += 1) {
    const expected = ['b0'];
    for (let i = 1; i <= burst * 4; i += 1) expected.push(`b${i}`);
    for (let i = (burst - 1) * 4 + 1; i <= burst * 4; i += 1) {
      appendFileSync(path, `b${i}\n`);
      await new Promise((resolve) => setTimeout(resolve, 1 + (i % 4) * 3));
    }
    await untilLines(seen, expected.length);
    assert.deepEqual(seen.lines, expected, `burst ${burst}`);
  }
  await tailer.stop();
});

test('a folder that appears, or is removed and made again, is watched from the next look on', async () => {
  const path = freshPath();
  const seen = new Recorder();
  // No poll in the test's time: after each wake() by hand, only the watcher brings lines.
  const tailer = new FileTailer(path, seen, { pollIntervalMs: 60_000 });
  tailer.start();
  await tailer.settled();
  assert.equal(seen.lastState, 'waiting');
  for (const round of [1, 2]) {
    newLog(path, `r${round}a\n`);
    tailer.wake();
    await tailer.settled();
    appendFileSync(path, `r${round}b\n`);
    await untilLines(seen, round * 2);
    assert.deepEqual(seen.lines.slice(-2), [`r${round}a`, `r${round}b`], `round ${round}`);
    rmSync(join(path, '..'), { recursive: true });
    tailer.wake();
    await tailer.settled();
    assert.equal(seen.lastState, 'waiting');
  }
  await tailer.stop();
});

test('usePolling: chokidar polls instead of watching, and sees the append (network drives, WSL)', async () => {
  const path = freshPath();
  const { tailer, seen } = await watched(path, 'p1\n', { usePolling: true, pollIntervalMs: 100 });
  appendFileSync(path, 'p2\n');
  await untilLines(seen, 2);
  assert.deepEqual(seen.lines, ['p1', 'p2']);
  await tailer.stop();
});

test('a line over the limit is dropped whole up to its newline and counted once, live as in a report', async () => {
  const path = freshPath();
  newLog(path, 'before\n');
  const { tailer, seen, look } = await follow(path);
  appendFileSync(path, 'x'.repeat(40 * 1024));
  await look();
  appendFileSync(path, `${'y'.repeat(40 * 1024)} Authenticated\nafter\n`);
  await look();
  assert.deepEqual(seen.lines, ['before', 'after'], 'no tail of the long line parsed as a line of its own');
  assert.equal(seen.dropped, 1);
  await tailer.stop();
});

