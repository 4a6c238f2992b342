import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NameTable } from '../../main/core/murmur/name-table.js';

/** `name` inside other bytes, as it sits in a chunk of log. */
function inChunk(name: string): { bytes: Buffer; start: number; end: number } {
  const bytes = Buffer.from(`<1:${name}(5)> Authenticated`);
  return { bytes, start: 3, end: 3 + Buffer.byteLength(name) };
}

test('the same bytes give the same string, kept once; other bytes another', () => {
  const table = new NameTable();
  const names = ['', 'Bob', 'bob', 'BOB', 'Zoë', '名前', 'x)> y', 'a'.repeat(200)];
  for (let round = 0; round < 3; round += 1) {
    for (const name of names) {
      const { bytes, start, end } = inChunk(name);
      const index = table.indexOf(bytes, start, end);
      assert.equal(table.name(index, bytes, start, end), name);
      assert.equal(table.lower(index, bytes, start, end), name.toLowerCase());
    }
  }
  assert.equal(table.size, names.length, 'each name kept once, the empty one included');
});

test('names longer than a kilobyte are decoded each time, never kept', () => {
  const table = new NameTable();
  const long = 'Ä'.repeat(2000);
  const { bytes, start, end } = inChunk(long);
  const index = table.indexOf(bytes, start, end);
  assert.equal(index, -1);
  assert.equal(table.name(index, bytes, start, end), long);
  assert.equal(table.lower(index, bytes, start, end), long.toLowerCase());
  assert.equal(table.size, 0);
});

test('a flood of one-off names starts the table over instead of growing it', () => {
  const table = new NameTable();
  let largest = 0;
  for (let i = 0; i < 100_000; i += 1) {
    const name = `guest${i}`;
    const { bytes, start, end } = inChunk(name);
    assert.equal(table.name(table.indexOf(bytes, start, end), bytes, start, end), name);
    largest = Math.max(largest, table.size);
  }
  assert.ok(largest <= 1 << 15, `kept ${largest} names at most`);
  assert.ok(table.size < 100_000);
  const { bytes, start, end } = inChunk('guest99999');
  assert.equal(table.name(table.indexOf(bytes, start, end), bytes, start, end), 'guest99999');
});
