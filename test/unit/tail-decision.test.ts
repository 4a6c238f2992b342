import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprintOf, headMatches } from '../../main/core/source/fingerprint.js';
import type { FilePosition } from '../../main/core/source/source.js';
import { problemOf as unreadableMessage, readAccessAdvice } from '../../main/core/source/source-errors.js';
import { decide, type Observation } from '../../main/core/source/tail-decision.js';

const fingerprint = fingerprintOf(Buffer.from('<W>2026-11-27 13:11:15.961 1 => first line\n'));
const at = (offset: number): FilePosition => ({ dev: 1, ino: 10, fingerprint, offset });
const present = (size: number, sameContent = true, ino = 10): Observation => ({ kind: 'present', dev: 1, ino, size, sameContent });

test('a file never seen is opened from its start', () => {
  assert.deepEqual(decide(null, false, present(500, false)), { kind: 'open', offset: 0, truncated: false });
});

test('a stored position resumes in the same content, even after the file was copied to a new inode', () => {
  assert.deepEqual(decide(at(100), false, present(500)), { kind: 'open', offset: 100, truncated: false });
  assert.deepEqual(decide(at(100), false, present(500, true, 99)), { kind: 'open', offset: 100, truncated: false });
});

test('a stored position in other content (rotated while we were away) starts the new file at 0', () => {
  assert.deepEqual(decide(at(100), false, present(500, false)), { kind: 'open', offset: 0, truncated: false });
});

test('same content but shorter than the stored offset is a truncation', () => {
  assert.deepEqual(decide(at(600), false, present(500)), { kind: 'open', offset: 0, truncated: true });
});

test('growth is read, no growth is idle', () => {
  assert.deepEqual(decide(at(100), true, present(150)), { kind: 'read' });
  assert.deepEqual(decide(at(150), true, present(150)), { kind: 'idle' });
});

test('shrinking is a truncation, changed first bytes a rewrite', () => {
  assert.deepEqual(decide(at(150), true, present(20)), { kind: 'restart', reason: 'truncated' });
  assert.deepEqual(decide(at(150), true, present(900, false)), { kind: 'restart', reason: 'rewritten' });
});

test('another inode at the path is a switch, postponed while it is empty and the grace period lasts', () => {
  assert.deepEqual(decide(at(150), true, present(0, false, 11), true), { kind: 'drain' });
  assert.deepEqual(decide(at(150), true, present(0, false, 11), false), { kind: 'switch' });
  assert.deepEqual(decide(at(150), true, present(40, false, 11), true), { kind: 'switch' });
});

test('missing waits, unreadable fails with an actionable message', () => {
  assert.deepEqual(decide(at(150), true, { kind: 'missing' }), { kind: 'wait' });
  const failed = decide(null, false, { kind: 'unreadable', code: 'EACCES' });
  assert.equal(failed.kind, 'fail');
  assert.match(unreadableMessage('EACCES'), /permission denied/);
  assert.match(unreadableMessage('EISDIR'), /directory/);
});

test('a fingerprint matches only a head that starts with the same bytes', () => {
  const head = Buffer.from('<W>2026-11-27 13:11:15.961 1 => first line\nmore bytes');
  assert.equal(headMatches(head, fingerprint), true);
  assert.equal(headMatches(Buffer.from('<W>2026-11-27 13:11:15.962'), fingerprint), false);
  assert.equal(headMatches(head, fingerprintOf(Buffer.alloc(0))), false, 'an empty fingerprint identifies nothing');
});

test('permission advice: the adm group on Linux, plain read access elsewhere; one text for reader, tailer and discovery', () => {
  assert.match(readAccessAdvice('linux'), /usermod -aG adm/);
  assert.equal(readAccessAdvice('win32'), 'give this account read access to the file');
  assert.ok(unreadableMessage('EACCES').endsWith(readAccessAdvice()));
});
