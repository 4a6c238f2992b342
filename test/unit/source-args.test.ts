import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseOptions, UsageError } from '../../main/cli/command-line.js';
import { parseSourceArg, parseSources, SOURCE_OPTION } from '../../main/cli/source-args.js';

test('NAME=PATH: the first = splits, the path is made absolute', () => {
  assert.deepEqual(parseSourceArg('main=/var/log/mumble-server/mumble-server.log'), { name: 'main', path: '/var/log/mumble-server/mumble-server.log' });
  assert.deepEqual(parseSourceArg('eu west=logs/a=b.log'), { name: 'eu west', path: resolve('logs/a=b.log') });
});

test('NAME=KIND:SPEC is kept as given for the source layer; only a plain path is resolved', () => {
  assert.deepEqual(parseSourceArg('j=journal:mumble-server'), { name: 'j', path: 'journal:mumble-server' });
  assert.deepEqual(parseSourceArg('d=docker:3f2a9c'), { name: 'd', path: 'docker:3f2a9c' });
  assert.deepEqual(parseSourceArg('w=C:/logs/murmur.log'), { name: 'w', path: resolve('C:/logs/murmur.log') }, 'a drive letter is a path');
  assert.deepEqual(parseSourceArg('r=./journal:x'), { name: 'r', path: resolve('journal:x') }, './ makes a file named like a kind a path');
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

test('--source through util.parseArgs: repeatable, in both spellings, a value may hold =', () => {
  const values = parseOptions(['--source', 'a=/x', '--source=b=/y=z'], SOURCE_OPTION);
  assert.deepEqual(values['source'], ['a=/x', 'b=/y=z']);
  assert.throws(() => parseOptions(['--source'], SOURCE_OPTION), (error: unknown) => error instanceof UsageError && /--source needs a value/.test(error.message));
  assert.throws(() => parseOptions(['--source', '--json'], SOURCE_OPTION), /--source needs a value/);
});
