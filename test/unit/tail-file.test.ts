import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileTailer, type ResetReason, type TailState } from '../../main/core/tail/file-tailer.js';
import type { Position } from '../../main/core/tail/tail-decision.js';

const root = mkdtempSync(join(tmpdir(), 'mm-tail-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshPath = (): string => join(root, `log${++counter}`, 'murmur.log');

/** Records what a tailer delivers; the tests drive it by `wake()` + `settled()` unless they test the watcher. */
class Recorder {
  lines: string[] = [];
  resets: ResetReason[] = [];
  states: Array<{ state: TailState; message?: string }> = [];
  position: Position | null = null;
  data(chunk: Buffer, position: Position): void {
    const text = chunk.toString('utf8');
    const parts = text.split('\n');
    if (text.endsWith('\n')) parts.pop();
    this.lines.push(...parts);
    this.position = position;
  }
  reset(reason: ResetReason): void {
    this.resets.push(reason);
  }
  state(state: TailState, message?: string): void {
    this.states.push(message === undefined ? { state } : { state, message });
  }
  caughtUp(): void {}
  get lastState(): TailState | undefined {
    return this.states.at(-1)?.state;
  }
}

async function follow(path: string, start: Position | null = null, rotateWaitMs = 0): Promise<{ tailer: FileTailer; seen: Recorder; look: () => Promise<void> }> {
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

test('copy-truncate: lines written after our last read are taken from the copy (PATH.1) first', async () => {
  const path = freshPath();
  newLog(path, 'old1\nold2\n');
  const { tailer, seen, look } = await follow(path);
  // All before the tailer looks again: the late lines exist only in the copy once the file is truncated.
  appendFileSync(path, 'late1\nlate2\n');
  copyFileSync(path, `${path}.1`);
  truncateSync(path, 0);
  appendFileSync(path, 'new1\n');
  await look();
  assert.deepEqual(seen.lines, ['old1', 'old2', 'late1', 'late2', 'new1']);
  assert.deepEqual(seen.resets, ['truncated']);
  await tailer.stop();
});

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
  newLog(path, 'w1\n');
  const seen = new Recorder();
  const tailer = new FileTailer(path, seen, { pollIntervalMs: 60_000 });
  tailer.start();
  await tailer.settled();
  await new Promise((resolve) => setTimeout(resolve, 200)); // let chokidar set up its watch
  appendFileSync(path, 'w2\n');
  const deadline = Date.now() + 3000;
  while (seen.lines.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(seen.lines, ['w1', 'w2']);
  await tailer.stop();
});

test('usePolling: chokidar polls the file (network drives, WSL) and the append is still seen', async () => {
  const path = freshPath();
  newLog(path, 'p1\n');
  const seen = new Recorder();
  const tailer = new FileTailer(path, seen, { usePolling: true, pollIntervalMs: 100 });
  tailer.start();
  await tailer.settled();
  appendFileSync(path, 'p2\n');
  const deadline = Date.now() + 3000;
  while (seen.lines.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(seen.lines, ['p1', 'p2']);
  await tailer.stop();
});
