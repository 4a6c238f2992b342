import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRows, csvText } from '../../main/core/monitor/csv.js';
import { labelValue } from '../../main/core/exposition.js';
import { ProgressMeter } from '../../main/core/monitor/progress-meter.js';
import { planBackfill } from '../../main/core/source/backfill-plan.js';
import type { SegmentOnDisk } from '../../main/core/source/file-segments.js';
import { fingerprintOf } from '../../main/core/source/fingerprint.js';

test('CSV: quoting per RFC 4180 and formula injection defused, numbers untouched', () => {
  assert.equal(csvText('alice'), 'alice');
  assert.equal(csvText('a,b'), '"a,b"');
  assert.equal(csvText('say "hi"'), '"say ""hi"""');
  assert.equal(csvText('two\nlines'), '"two\nlines"');
  assert.equal(csvText('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
  for (const lead of ['+', '-', '@', '\t']) assert.equal(csvText(`${lead}cmd`).replace(/^"/, '').startsWith(`'${lead}`), true, lead);
  assert.equal(csvRows(['n', 'id'], [['-bob', -1]]), "n,id\r\n'-bob,-1\r\n");
});

test('Prometheus label values are escaped', () => {
  assert.equal(labelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
});

test('progress: bytes done never exceed the total, and an ETA appears once there is a rate', () => {
  let now = 0;
  const meter = new ProgressMeter('a', 1000, () => now);
  now = 1000;
  meter.done = 250;
  assert.deepEqual(meter.snapshot(), { source: 'a', bytesDone: 250, bytesTotal: 1000, done: false, etaSeconds: 3 });
  meter.done = 1200;
  assert.equal(meter.snapshot().bytesTotal, 1200);
  meter.finish();
  assert.deepEqual(meter.snapshot(), { source: 'a', bytesDone: 1200, bytesTotal: 1200, done: true });
});

const file = (rotation: number, text: string, gzip = false): SegmentOnDisk => ({ path: `log.${rotation}`, gzip, rotation, head: Buffer.from(text), size: text.length, textSize: text.length });
const fp = (text: string) => fingerprintOf(Buffer.from(text));

test('backfill plan: everything on a first start', () => {
  const files = [file(2, 'two', true), file(1, 'one'), file(0, 'live')];
  const plan = planBackfill(files, [], null);
  assert.deepEqual(plan.rotations.map((item) => [item.segment.rotation, item.offset]), [[2, 0], [1, 0]]);
  assert.equal(plan.liveStart, null);
});

test('backfill plan: known files are skipped, the cursor file resumed, newer rotations read whole', () => {
  const files = [file(3, 'three', true), file(2, 'two'), file(1, 'one'), file(0, 'live')];
  const cursor = { dev: 1, ino: 1, fingerprint: fp('two'), offset: 2 };
  const plan = planBackfill(files, [{ fingerprint: fp('three'), size: 5 }], cursor);
  assert.deepEqual(plan.rotations.map((item) => [item.segment.rotation, item.offset]), [[2, 2], [1, 0]]);
  assert.equal(plan.liveStart, null, 'the cursor was used up in a rotation');
});

test('backfill plan: a finished segment that gained bytes past what was read is read from there, plain or .gz', () => {
  // copytruncate + compress without delaycompress: the copy holds lines written after our last read.
  const files = [file(2, 'two-and-late', true), file(1, 'one-and-late'), file(0, 'live')];
  const finished = [
    { fingerprint: fp('two'), size: 3 },
    { fingerprint: fp('one'), size: 3 },
  ];
  const plan = planBackfill(files, finished, { dev: 1, ino: 1, fingerprint: fp('live'), offset: 4 });
  assert.deepEqual(plan.rotations.map((item) => [item.segment.rotation, item.offset]), [[2, 3], [1, 3]]);
  const whole = planBackfill(files, [{ fingerprint: fp('two'), size: 12 }], null);
  assert.deepEqual(whole.rotations.map((item) => [item.segment.rotation, item.offset]), [[1, 0]], 'read to its end: skipped');
});

test('backfill plan: a cursor in the live file skips every rotation, even ones the store forgot', () => {
  const files = [file(2, 'two'), file(1, 'one'), file(0, 'live')];
  const cursor = { dev: 1, ino: 1, fingerprint: fp('live'), offset: 3 };
  const plan = planBackfill(files, [], cursor);
  assert.deepEqual(plan.rotations, []);
  assert.equal(plan.liveStart, cursor);
});
