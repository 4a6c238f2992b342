// A valid store damaged at random, a few hundred times (seeded): a field removed, a value made null, of
// the wrong type or huge, the file cut short. Each time the monitor must start on it and either use it
// or set it aside, and in both cases end with the figures of a clean run over the same logs: a damaged
// store is never half believed. The counts of what happened are printed with the test's output.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ServerReport } from '../../main/contract.js';
import { Monitor } from '../../main/core/monitor.js';
import { Random } from '../../main/core/synthetic/people.js';
import { STORE_FILE } from '../../main/core/store/monitor-store.js';
import { reportOf, syntheticText, tempRoot } from './monitor-fixtures.js';

const root = tempRoot('mm-mutation-');
after(() => rmSync(root, { recursive: true, force: true }));

const MUTATIONS = 300;
/** The test stops starting new mutations after this long (the machine may be busy); at least MINIMUM must have run. */
const BUDGET_MS = 120_000;
const MINIMUM = 100;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

interface Place {
  parent: Container;
  key: string | number;
  path: string;
}

/** Fields whose format allows null: null there is a value, not damage. */
const NULLABLE = new Set(['cursor', 'lastTime', 'currentDate', 'processSince']);
const HUGE = [2 ** 53, 1e21, -1e21, Number.MAX_VALUE];

function places(value: Json, path: string, into: Place[]): Place[] {
  if (value === null || typeof value !== 'object') return into;
  const entries: Array<[string | number, Json]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const where = `${path}${typeof key === 'number' ? `[${key}]` : `.${key}`}`;
    into.push({ parent: value, key, path: where });
    places(item, where, into);
  }
  return into;
}

const valueAt = (place: Place): Json => (place.parent as Record<string | number, Json>)[place.key] as Json;
const setAt = (place: Place, value: Json): void => {
  (place.parent as Record<string | number, Json>)[place.key] = value;
};

function wrongType(value: Json): Json {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return 12345;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return {};
  if (value === null) return 'null';
  return [];
}

type Kind = 'field removed' | 'null' | 'wrong type' | 'huge number' | 'truncated';
const KINDS: Kind[] = ['field removed', 'null', 'wrong type', 'huge number', 'truncated'];

/** `text` damaged once: the kind of damage, where, and the damaged text. */
function mutate(text: string, random: Random): { kind: Kind; where: string; text: string } {
  const kind = KINDS[random.below(KINDS.length)] as Kind;
  if (kind === 'truncated') {
    const at = 1 + random.below(text.length - 1);
    return { kind, where: `byte ${at}`, text: text.slice(0, at) };
  }
  const document = JSON.parse(text) as Json;
  const all = places(document, '', []);
  const fits: Record<Exclude<Kind, 'truncated'>, (place: Place) => boolean> = {
    'field removed': (place) => !Array.isArray(place.parent),
    null: (place) => valueAt(place) !== null && !NULLABLE.has(String(place.key)),
    'wrong type': () => true,
    'huge number': (place) => typeof valueAt(place) === 'number',
  };
  const candidates = all.filter(fits[kind]);
  const place = candidates[random.below(candidates.length)] as Place;
  if (kind === 'field removed') delete (place.parent as Record<string, Json>)[place.key];
  else if (kind === 'null') setAt(place, null);
  else if (kind === 'wrong type') setAt(place, wrongType(valueAt(place)));
  else setAt(place, HUGE[random.below(HUGE.length)] as number);
  return { kind, where: place.path, text: JSON.stringify(document) };
}

/** The report's own figures: who is online (session, name, id, since) and the days' numbers. */
function figures(servers: ServerReport[]): unknown {
  return servers.map(({ source, server, online, days }) => ({
    source,
    server,
    online: online.map(({ session, name, userId, since }) => ({ session, name, userId, since })),
    days,
  }));
}

test(`${MUTATIONS} random damages of a valid store: the monitor starts, uses the store or sets it aside, and ends with a clean run's figures`, { timeout: BUDGET_MS + 60_000 }, async () => {
  // Four days stored, then two more days of log: a store that is used resumes, one set aside starts over.
  const full = syntheticText(6, 11, 30);
  const split = full.indexOf('\n', Math.floor(full.length * 0.7)) + 1;
  const logPath = join(root, 'logs', 'murmur.log');
  mkdirSync(join(root, 'logs'));
  writeFileSync(logPath, full.slice(0, split));
  const options = { warn: () => undefined, tail: { watch: false, pollIntervalMs: 50 } };
  const first = await Monitor.open({ ...options, sources: [{ name: 'a', path: logPath }], dataDir: join(root, 'clean') });
  await first.backfilled();
  await first.close();
  const valid = readFileSync(join(root, 'clean', STORE_FILE), 'utf8');
  appendFileSync(logPath, full.slice(split));
  const expected = figures(reportOf('a', full));

  const random = new Random(20261202);
  const outcomes = new Map<string, { used: number; setAside: number }>();
  const started = Date.now();
  let tried = 0;
  for (; tried < MUTATIONS && Date.now() - started < BUDGET_MS; tried += 1) {
    const damage = mutate(valid, random);
    const dataDir = join(root, `m${tried}`);
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, STORE_FILE), damage.text);
    const warnings: string[] = [];
    const monitor = await Monitor.open({ ...options, sources: [{ name: 'a', path: logPath }], dataDir, warn: (message) => warnings.push(message) });
    await monitor.backfilled();
    const what = `${damage.kind} at ${damage.where} (warnings: ${warnings.join(' | ')})`;
    const setAside = readdirSync(dataDir).some((name) => name.startsWith(`${STORE_FILE}.corrupt-`));
    assert.equal(monitor.snapshot().sources[0]?.state, 'following', what);
    assert.deepEqual(figures(monitor.snapshot().servers), expected, what);
    if (setAside) assert.ok(warnings.some((warning) => /could not be used \(.+\); moved it to/.test(warning)), what);
    await monitor.close();
    rmSync(dataDir, { recursive: true });
    const counts = outcomes.get(damage.kind) ?? { used: 0, setAside: 0 };
    if (setAside) counts.setAside += 1;
    else counts.used += 1;
    outcomes.set(damage.kind, counts);
  }
  const lines = [...outcomes].map(([kind, { used, setAside }]) => `  ${kind}: ${used + setAside} tried, ${used} used, ${setAside} set aside`);
  const total = [...outcomes.values()].reduce((sum, { used, setAside }) => ({ used: sum.used + used, setAside: sum.setAside + setAside }), { used: 0, setAside: 0 });
  console.log(`store mutations: ${tried} tried in ${Math.round((Date.now() - started) / 1000)} s, ${total.used} used, ${total.setAside} set aside\n${lines.join('\n')}`);
  assert.ok(tried >= MINIMUM, `only ${tried} mutations ran within ${BUDGET_MS / 1000} s`);
});
