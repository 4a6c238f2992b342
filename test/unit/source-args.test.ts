import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseSourceArg, parseSources, takeSources, UsageError } from '../../main/core/source-args.js';

test('NAME=PATH: the first = splits, the path is made absolute', () => {
  assert.deepEqual(parseSourceArg('main=/var/log/mumble-server/mumble-server.log'), { name: 'main', path: '/var/log/mumble-server/mumble-server.log' });
  assert.deepEqual(parseSourceArg('eu west=logs/a=b.log'), { name: 'eu west', path: resolve('logs/a=b.log') });
});

test('bad values are usage errors that say what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['/var/log/murmur.log', /missing '='/],
    ['=/var/log/murmur.log', /NAME before '=' is empty/],
    ['  =x', /NAME before '=' is empty/],
    [' main=x', /leading or trailing spaces/],
    ['ma\u001bin=x', /control characters/],
    ['main=', /PATH after '=' is empty/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => parseSourceArg(value), (error: unknown) => error instanceof UsageError && message.test(error.message), value);
  }
});

test('names must be unique and at least one source is needed', () => {
  assert.throws(() => parseSources(['a=/x', 'b=/y', 'a=/z']), /--source a: the name is given twice/);
  assert.throws(() => parseSources([]), /at least one --source/);
});

test('takeSources pulls --source out of the other arguments, in both spellings', () => {
  const { sources, rest } = takeSources(['--json', '--source', 'a=/x', '--port', '0', '--source=b=/y']);
  assert.deepEqual(sources, [
    { name: 'a', path: '/x' },
    { name: 'b', path: '/y' },
  ]);
  assert.deepEqual(rest, ['--json', '--port', '0']);
  assert.throws(() => takeSources(['--source']), /--source needs a value/);
  assert.throws(() => takeSources(['--source', '--json']), /--source needs a value/);
});
