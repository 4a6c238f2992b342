import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Snapshot, SourceStatus } from '../../main/contract.js';
import { saySourceProblems } from '../../main/server/source-problems.js';

function status(state: SourceStatus['state'], message?: string): SourceStatus {
  const source: SourceStatus = { name: 'main', path: '/var/log/murmur.log', state, bytesRead: 0, linesRead: 0, unparsedLines: 0, timezone: 'UTC' };
  if (message !== undefined) source.message = message;
  return source;
}

test('a source problem is said once when it starts, again when its advice changes, and when the source is read again', () => {
  let current: SourceStatus[] = [status('waiting', 'waiting for /var/log/murmur.log to appear')];
  let changed: () => void = () => undefined;
  const monitor = {
    snapshot: () => ({ sources: current }) as Snapshot,
    on: (_event: string, listener: () => void) => {
      changed = listener;
      return () => (changed = () => undefined);
    },
  };
  const lines: string[] = [];
  const stop = saySourceProblems(monitor as Parameters<typeof saySourceProblems>[0], (line) => lines.push(line));
  assert.deepEqual(lines, ['source main: waiting for /var/log/murmur.log to appear'], 'said at once');
  changed();
  assert.equal(lines.length, 1, 'the same problem is not repeated at every change');
  current = [status('error', 'permission denied: add the user to the adm group')];
  changed();
  current = [status('following')];
  changed();
  current = [status('unreachable')];
  changed();
  assert.deepEqual(lines.slice(1), [
    'source main: permission denied: add the user to the adm group',
    'source main: /var/log/murmur.log is read again',
    'source main: /var/log/murmur.log: unreachable',
  ]);
  stop();
  current = [status('following')];
  changed();
  assert.equal(lines.length, 4, 'nothing said after the unsubscribe');
});
