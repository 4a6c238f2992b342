// The remote client's pure parts: the event stream parser, renaming sources (CSV included), and the
// difference between two snapshots' online lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRows, csvText } from '../../main/core/monitor/csv.js';
import { isMuted } from '../../main/core/notify/rules.js';
import { normalizeFingerprint } from '../../main/core/remote/agent-http.js';
import { prefixCsvRows, queryFor, unprefixed } from '../../main/core/remote/prefix.js';
import { onlineDifference } from '../../main/core/remote/snapshot-events.js';
import { SseParser, type SseMessage } from '../../main/core/remote/sse-parser.js';
import { snapshotWith } from '../electron/fakes.js';

test('SSE: any line ending, split anywhere; id kept without data; comments and unknown fields ignored', () => {
  const text = '\uFEFFretry: 3000\r\n\r\nid: a1-0\n\n: keep-alive\n\nid: a1-1\revent: join\rdata: {"n":1}\r\rdata: x\ndata: y\nbogus: 1\n\nid: a1-2\r\nevent: gap\r\ndata: {}\r\n\r\n';
  const bytes = new TextEncoder().encode(text);
  for (const size of [1, 2, 3, 7, bytes.length]) {
    const seen: SseMessage[] = [];
    const parser = new SseParser((message) => seen.push(message));
    for (let i = 0; i < bytes.length; i += size) parser.push(bytes.subarray(i, i + size));
    assert.deepEqual(
      seen,
      [
        { event: 'join', data: '{"n":1}', id: 'a1-1' },
        { event: 'message', data: 'x\ny', id: 'a1-1' },
        { event: 'gap', data: '{}', id: 'a1-2' },
      ],
      `chunks of ${size}`,
    );
    assert.equal(parser.lastEventId, 'a1-2');
    assert.equal(parser.retry, 3000);
  }
  const parser = new SseParser(() => undefined);
  parser.push(new TextEncoder().encode('id: only-an-id\n\n'));
  assert.equal(parser.lastEventId, 'only-an-id', 'an id without data still counts for Last-Event-ID');
});

test('sources are renamed REMOTE/SOURCE, and a query goes only to its own remote', () => {
  assert.equal(unprefixed('vps', 'vps/main'), 'main');
  assert.equal(unprefixed('vps', 'vps2/main'), null);
  assert.equal(unprefixed('vps', 'main'), null);
  assert.deepEqual(queryFor('vps', { source: 'vps/a/b', days: 2 }), { source: 'a/b', days: 2 });
  assert.equal(queryFor('vps', { source: 'home' }), null);
  assert.deepEqual(queryFor('vps', { server: 3 }), { server: 3 });
});

test('CSV rows renamed in their first cell, quoted cells and line breaks inside them kept', () => {
  const csv = csvRows(
    ['source', 'name'],
    [
      ['main', 'alice'],
      ['a,"b"', 'two\r\nlines'],
      ['=cmd', '@x'],
    ],
  );
  assert.equal(
    prefixCsvRows('vps', csv, csvText),
    ['vps/main,alice\r\n', '"vps/a,""b""","two\r\nlines"\r\n', `vps/=cmd,'@x\r\n`].join(''),
  );
  assert.equal(prefixCsvRows('vps', 'source,name\r\n', csvText), '');
});

test('fingerprints in any common spelling, or refused', () => {
  const hex = 'ab'.repeat(32);
  const canonical = Array(32).fill('AB').join(':');
  assert.equal(normalizeFingerprint(hex), canonical);
  assert.equal(normalizeFingerprint(canonical.toLowerCase()), canonical);
  assert.equal(normalizeFingerprint(` ${canonical} `), canonical);
  assert.equal(normalizeFingerprint('ab'.repeat(20)), null, 'SHA-1 length');
  assert.equal(normalizeFingerprint('zz'.repeat(32)), null);
});

test('the difference of two online lists: who appeared and who went, by session and start', () => {
  const before = snapshotWith({ 'main#1': ['anna', 'bert'] });
  const after = snapshotWith({ 'main#1': ['anna', 'bert'], 'main#2': ['cleo'] });
  after.servers[0]?.online.splice(1, 1);
  const { joined, left } = onlineDifference(before, after);
  assert.deepEqual(joined.map((event) => [event.name, event.server, event.at]), [['cleo', 2, '2026-11-27T12:00:00.000']]);
  assert.deepEqual(left.map((event) => [event.name, event.session]), [['bert', 2]]);
  assert.deepEqual(onlineDifference(after, structuredClone(after)), { joined: [], left: [] });
});

test("a remote's sources are muted by their own name or by the remote's", () => {
  assert.equal(isMuted('vps/main', ['vps']), true);
  assert.equal(isMuted('vps/main', ['vps/main']), true);
  assert.equal(isMuted('vps/main', ['vps/other', 'main']), false);
  assert.equal(isMuted('vps2/main', ['vps']), false);
  assert.equal(isMuted('main', ['main']), true);
});
