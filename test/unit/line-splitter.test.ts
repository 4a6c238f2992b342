import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineSplitter } from '../../main/core/source/line-splitter.js';

/** Feeds `bytes` cut into pieces of `size` bytes; returns every line including the final flush. */
function splitInPieces(bytes: Buffer, size: number, splitter = new LineSplitter()): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += size) lines.push(...splitter.feed(bytes.subarray(at, at + size)));
  lines.push(...splitter.end());
  return lines;
}

test('the same lines come out whatever the chunk size, multi-byte characters split included', () => {
  const text = 'alpha\nZoë 🎧 日本語\n\nlast line without newline';
  const bytes = Buffer.from(text);
  const expected = ['alpha', 'Zoë 🎧 日本語', '', 'last line without newline'];
  for (const size of [1, 2, 3, 5, 7, 64, bytes.length]) assert.deepEqual(splitInPieces(bytes, size), expected, `chunk ${size}`);
});

test('CRLF loses its CR; a CR inside a line stays', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.feed(Buffer.from('one\r\ntw\ro\r\n')), ['one', 'tw\ro']);
  assert.deepEqual(splitter.feed(Buffer.from('three\r')), []);
  assert.deepEqual(splitter.feed(Buffer.from('\n')), ['three']);
});

test('offset is the end of the last complete line; a partial line waits', () => {
  const splitter = new LineSplitter({ startOffset: 100 });
  assert.deepEqual(splitter.feed(Buffer.from('ab\ncd')), ['ab']);
  assert.equal(splitter.offset, 103);
  assert.equal(splitter.receivedOffset, 105);
  assert.deepEqual(splitter.feed(Buffer.from('e')), []);
  assert.equal(splitter.offset, 103);
  assert.deepEqual(splitter.feed(Buffer.from('f\n')), ['cdef']);
  assert.equal(splitter.offset, 108);
  assert.deepEqual(splitter.end(), []);
  assert.equal(splitter.offset, 108);
});

test('invalid UTF-8 drops that line only, in the fast path and across chunks', () => {
  const bytes = Buffer.concat([Buffer.from('good 1\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from('\ngood 2\n'), Buffer.from([0xc3]), Buffer.from('\n')]);
  for (const size of [1, 4, bytes.length]) {
    const splitter = new LineSplitter();
    assert.deepEqual(splitInPieces(bytes, size, splitter), ['good 1', 'good 2'], `chunk ${size}`);
    assert.equal(splitter.droppedLines, 2, `chunk ${size}`);
  }
});

test('NUL bytes stay in the line', () => {
  assert.deepEqual(new LineSplitter().feed(Buffer.from('\u0000\u0000<W>x\u0000y\n')), ['\u0000\u0000<W>x\u0000y']);
});

test('a 1 MB line is skipped and counted without being buffered; the next line is kept', () => {
  const huge = Buffer.alloc(1024 * 1024, 'a');
  const splitter = new LineSplitter({ maxLineBytes: 64 * 1024 });
  const lines: string[] = [];
  lines.push(...splitter.feed(Buffer.from('before\n')));
  for (let at = 0; at < huge.length; at += 4096) {
    lines.push(...splitter.feed(huge.subarray(at, at + 4096)));
    // What is held back never exceeds the limit, however long the line grows.
    assert.ok(splitter.bufferedBytes <= 64 * 1024);
  }
  lines.push(...splitter.feed(Buffer.from('\nafter\n')));
  assert.deepEqual(lines, ['before', 'after']);
  assert.equal(splitter.droppedLines, 1);
  assert.equal(splitter.offset, 7 + huge.length + 7);
  // In one chunk (the fast path) too.
  const whole = new LineSplitter({ maxLineBytes: 64 * 1024 });
  assert.deepEqual(whole.feed(Buffer.concat([Buffer.from('x\n'), huge, Buffer.from('\ny\n')])), ['x', 'y']);
  assert.equal(whole.droppedLines, 1);
});

test('the limit is inclusive, counted in bytes not characters', () => {
  const splitter = new LineSplitter({ maxLineBytes: 8 });
  assert.deepEqual(splitter.feed(Buffer.from('12345678\n123456789\nééé\néééé1\n')), ['12345678', 'ééé']);
  assert.equal(splitter.droppedLines, 2);
  const unterminated = new LineSplitter({ maxLineBytes: 4 });
  unterminated.feed(Buffer.from('abcdefgh'));
  assert.deepEqual(unterminated.end(), []);
  assert.equal(unterminated.droppedLines, 1);
});

test('the chunk passed in may be reused by the caller after feed()', () => {
  const splitter = new LineSplitter();
  const chunk = Buffer.from('abc');
  splitter.feed(chunk);
  chunk.fill('z');
  assert.deepEqual(splitter.feed(Buffer.from('d\n')), ['abcd']);
});

test('feedLines hands out each line as a range of the chunk it lies in, the lines feed() decodes', () => {
  const bytes = Buffer.concat([Buffer.from('one\r\nZoë 🎧\n\n\u0000x\nbad '), Buffer.from([0xff]), Buffer.from('\nlast')]);
  for (const size of [1, 3, 7, bytes.length]) {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    let inPlace = 0;
    for (let at = 0; at < bytes.length; at += size) {
      const chunk = bytes.subarray(at, at + size);
      splitter.feedLines(chunk, (line, start, end) => {
        lines.push(line.toString('utf8', start, end));
        if (line === chunk) inPlace += 1;
      });
    }
    splitter.endLines((line, start, end) => lines.push(line.toString('utf8', start, end)));
    assert.deepEqual(lines, splitInPieces(bytes, size), `chunk ${size}`);
    assert.deepEqual(lines, ['one', 'Zoë 🎧', '', '\u0000x', 'last'], `chunk ${size}`);
    assert.equal(splitter.droppedLines, 1, `chunk ${size}`);
    // Lines inside one chunk are not copied out of it.
    if (size === bytes.length) assert.equal(inPlace, 4);
  }
});
