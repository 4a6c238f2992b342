// RowBytes writes rows of numbers as JSON.stringify would, grows past its first buffer, and drops rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RowBytes } from '../../main/core/store/row-bytes.js';
import { Random } from '../../main/core/synthetic/people.js';

function written(rows: number[][], capacity?: number): RowBytes {
  const bytes = new RowBytes(capacity);
  for (const row of rows) {
    bytes.begin();
    for (const value of row) bytes.value(value);
    bytes.end();
  }
  return bytes;
}

const json = (rows: number[][]): string => JSON.stringify(rows).slice(1, -1);

test('rows come out as JSON.stringify writes them, whatever the numbers and however small the first buffer', () => {
  const random = new Random(16);
  const odd = [0, -0, -1, 9, 10, 99, 100, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 0.5, -1.25e-7, NaN, Infinity];
  const rows = Array.from({ length: 500 }, () =>
    Array.from({ length: random.below(8) }, () => (random.below(4) === 0 ? (odd[random.below(odd.length)] as number) : random.below(100_000_000) - 1000)),
  );
  rows.push([]);
  const bytes = written(rows, 1);
  assert.equal(bytes.bytes.toString(), json(rows));
  assert.equal(bytes.count, rows.length);
});

test('retain keeps the rows asked for, in order, and rows written after follow them', () => {
  const rows = Array.from({ length: 40 }, (_, index) => [index, index * 1000, -index]);
  const bytes = written(rows);
  bytes.retain((index) => index % 3 === 1);
  const kept = rows.filter((_, index) => index % 3 === 1);
  assert.equal(bytes.bytes.toString(), json(kept));
  bytes.begin();
  bytes.value(7);
  bytes.end();
  assert.equal(bytes.bytes.toString(), json([...kept, [7]]));
  bytes.retain(() => false);
  assert.equal(bytes.bytes.toString(), '');
  assert.equal(bytes.count, 0);
});
