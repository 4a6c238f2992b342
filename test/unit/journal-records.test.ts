import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JournalRecordDecoder, messageBytes } from '../../main/core/source/journal/journal-records.js';

const record = (cursor: string, message: unknown): string => `${JSON.stringify({ __CURSOR: cursor, _PID: '12', MESSAGE: message })}\n`;

test('MESSAGE as text, as bytes that are not UTF-8, as several values, and what is no message', () => {
  assert.deepEqual(messageBytes('<W>2026-11-27 13:11:15.961 1 => hi'), [Buffer.from('<W>2026-11-27 13:11:15.961 1 => hi')]);
  assert.deepEqual(messageBytes([60, 87, 62, 0xff, 0x41]), [Buffer.from([60, 87, 62, 0xff, 0x41])]);
  assert.deepEqual(messageBytes(['a', [0xfe, 0x42]]), [Buffer.from('a'), Buffer.from([0xfe, 0x42])]);
  assert.equal(messageBytes(null), null, 'journalctl without --all writes null for a value over 4 KiB');
  assert.equal(messageBytes([1, 256]), null);
  assert.equal(messageBytes({ a: 1 }), null);
  assert.equal(messageBytes(undefined), null);
});

test('records cut anywhere give the same text and the last cursor; bad records are counted, never fatal', () => {
  const output = Buffer.concat([
    Buffer.from(record('c1', '<W>2026-11-27 13:11:15.961 1 => <1:alice(-1)> Authenticated')),
    Buffer.from(record('c2', [0xc3, 0x28, 0x41])),
    Buffer.from('{"not json\n'),
    Buffer.from(`${JSON.stringify({ MESSAGE: 'no cursor' })}\n`),
    Buffer.from(record('c3', null)),
    Buffer.from(record('c4', 'Zoë\u2028 said <b>')),
  ]);
  const expected = Buffer.concat([
    Buffer.from('<W>2026-11-27 13:11:15.961 1 => <1:alice(-1)> Authenticated\n'),
    Buffer.from([0xc3, 0x28, 0x41, 0x0a]),
    Buffer.from('Zoë\u2028 said <b>\n'),
  ]);
  for (let seed = 1; seed <= 50; seed += 1) {
    const decoder = new JournalRecordDecoder();
    const texts: Buffer[] = [];
    let cursor: string | null = null;
    let bad = 0;
    let random = seed;
    for (let at = 0; at < output.length; ) {
      random = (random * 1103515245 + 12345) % 2 ** 31;
      const size = 1 + (random % 40);
      const batch = decoder.push(output.subarray(at, at + size));
      at += size;
      if (batch === null) continue;
      texts.push(batch.text);
      bad += batch.badRecords;
      cursor = batch.cursor ?? cursor;
    }
    assert.deepEqual(Buffer.concat(texts), expected, `seed ${seed}`);
    assert.equal(cursor, 'c4');
    assert.equal(bad, 3, 'bad JSON, no cursor, null MESSAGE');
    assert.equal(decoder.pendingBytes, 0);
  }
});

test('a record still incomplete is held, not delivered', () => {
  const decoder = new JournalRecordDecoder();
  const whole = record('c1', 'one');
  assert.equal(decoder.push(Buffer.from(whole.slice(0, 10))), null);
  assert.equal(decoder.pendingBytes, 10);
  const batch = decoder.push(Buffer.from(whole.slice(10)));
  assert.equal(batch?.text.toString(), 'one\n');
  assert.equal(batch?.cursor, 'c1');
});
