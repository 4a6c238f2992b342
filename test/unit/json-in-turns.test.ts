// parseJsonInTurns must be JSON.parse, only spread over turns of the event loop: the same value for every
// document, and a SyntaxError for every document JSON.parse refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../main/core/synthetic/people.js';
import { parseJsonInTurns } from '../../main/core/store/json-in-turns.js';

/** Seeded: the same documents on every run. */
function generator(seed: number): (limit: number) => number {
  const random = new Random(seed);
  return (limit) => random.below(limit);
}

const AWKWARD_STRINGS = ['', 'plain', 'quote " inside', 'back\\slash\\', '{[,:]}', '\\"', 'Zoë 🎧 ünïcode', '\u0000\u001f\n\t', '__proto__', 'a\\u0041'];

function randomValue(next: (limit: number) => number, depth: number): unknown {
  const kind = next(depth > 4 ? 4 : 7);
  if (kind === 0) return AWKWARD_STRINGS[next(AWKWARD_STRINGS.length)];
  if (kind === 1) return [0, -1, 1.5, -2.25e-7, 1e21, 123456789][next(6)];
  if (kind === 2) return [true, false, null][next(3)];
  if (kind === 3) return `name${next(1000)}`;
  if (kind === 4 || kind === 5) return Array.from({ length: next(8) }, () => randomValue(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = next(8); i > 0; i -= 1) {
    Object.defineProperty(object, AWKWARD_STRINGS[next(AWKWARD_STRINGS.length)] ?? `k${next(50)}`, {
      value: randomValue(next, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    object[String(next(30))] = randomValue(next, depth + 1);
  }
  return object;
}

test('every document comes out as JSON.parse makes it, however small the pieces, compact or indented', async () => {
  const next = generator(2026);
  for (let round = 0; round < 300; round += 1) {
    const value = randomValue(next, 0);
    for (const text of [JSON.stringify(value), JSON.stringify(value, null, round % 2 === 0 ? 2 : '\t'), ` \r\n${JSON.stringify(value)}\n`]) {
      for (const pieceChars of [1, 7, 64, 100_000]) {
        assert.deepEqual(await parseJsonInTurns(text, { pieceChars, turnMs: 0 }), JSON.parse(text), `${text} in pieces of ${pieceChars}`);
      }
    }
  }
});

test('`__proto__` is an ordinary key, as in JSON.parse', async () => {
  const text = '{"__proto__":{"polluted":true},"list":[{"__proto__":[1]}]}';
  const parsed = (await parseJsonInTurns(text, { pieceChars: 1 })) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.deepEqual(Object.keys(parsed), ['__proto__', 'list']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(parsed, JSON.parse(text));
});

test('whatever JSON.parse refuses is refused with a SyntaxError', async () => {
  const broken = [
    '',
    '   ',
    '{',
    '{"a":1,}',
    '{"a" 1}',
    '{"a":1 "b":2}',
    '{a:1}',
    '[1,2,]',
    '[1 2]',
    '[,1]',
    '{"a":[1,2}',
    '{"a":"unclosed}',
    '{"a":1}}',
    '{"a":1} x',
    '[tru]',
    '[01]',
    '["tab\there"]',
    '{"big":[' + '1,'.repeat(50) + ']}',
    '{"big":[' + '"x",'.repeat(50) + '"y"',
  ];
  for (const text of broken) {
    assert.throws(() => JSON.parse(text), SyntaxError, `JSON.parse refuses ${text}`);
    for (const pieceChars of [1, 16, 100_000]) {
      await assert.rejects(parseJsonInTurns(text, { pieceChars }), SyntaxError, `${text} in pieces of ${pieceChars}`);
    }
  }
});

test('a large document gives the event loop turns while it is parsed', async () => {
  const rows = Array.from({ length: 200_000 }, (_, index) => [index, index % 97, -1, index * 1000, 3_600_000, 0]);
  const text = JSON.stringify({ version: 1, sources: { main: { history: { sessions: { 1: { '2026-11-27': rows } } } } } });
  let turns = 0;
  const counting = setInterval(() => (turns += 1), 0);
  const parsed = await parseJsonInTurns(text, { pieceChars: 64 * 1024, turnMs: 1 });
  clearInterval(counting);
  assert.deepEqual(parsed, JSON.parse(text));
  assert.ok(turns >= 5, `timers ran ${turns} times during the parse`);
});
