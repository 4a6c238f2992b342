import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SourceTracker } from '../../main/core/murmur/tracker.js';
import { MonitorStore, STORE_FILE } from '../../main/core/store/monitor-store.js';
import { emptyDocument, type StoreDocument } from '../../main/core/store/store-schema.js';

const root = mkdtempSync(join(tmpdir(), 'mm-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = (): string => join(root, `d${++counter}`);

function documentWith(bytesRead: number): StoreDocument {
  const document = emptyDocument();
  document.sources.a = {
    path: '/var/log/mumble-server/mumble-server.log',
    finished: [],
    cursor: null,
    tracker: new SourceTracker('a').toState(),
    bytesRead,
    history: { names: [], channels: [], sessions: {}, users: [], serverEvents: [], security: [] },
  };
  return document;
}

test('a missing file loads as an empty document', async () => {
  const store = new MonitorStore({ dataDir: freshDir() });
  assert.deepEqual((await store.load()).sources, {});
});

test('changes within the debounce period are written once, whole, and read back', async () => {
  const dataDir = freshDir();
  const writes: number[] = [];
  const store = new MonitorStore({ dataDir, debounceMs: 50, onWrite: (_ms, bytes) => writes.push(bytes) });
  await store.load();
  for (let i = 1; i <= 5; i += 1) store.schedule(() => documentWith(i));
  await new Promise((resolve) => setTimeout(resolve, 150));
  await store.flush();
  assert.equal(writes.length, 1);
  const again = new MonitorStore({ dataDir });
  assert.equal((await again.load()).sources.a?.bytesRead, 5);
  assert.deepEqual(readdirSync(dataDir), [STORE_FILE], 'no temporary file left behind');
});

test('flush writes a pending change at once', async () => {
  const dataDir = freshDir();
  const store = new MonitorStore({ dataDir, debounceMs: 60_000 });
  await store.load();
  store.schedule(() => documentWith(42));
  await store.flush();
  assert.equal((JSON.parse(readFileSync(join(dataDir, STORE_FILE), 'utf8')) as StoreDocument).sources.a?.bytesRead, 42);
});

for (const [what, content] of [
  ['truncated JSON', '{"version":1,"sources":{"a":{"path":'],
  ['NUL bytes after a power cut', '\0\0\0\0'],
  ['another version', '{"version":99,"sources":{}}'],
  ['a malformed source', '{"version":1,"savedAt":"","sources":{"a":{"path":"/x","finished":"no"}}}'],
] as const) {
  test(`a corrupt store file (${what}) is set aside with a warning and an empty document returned`, async () => {
    const dataDir = freshDir();
    const warnings: string[] = [];
    const store = new MonitorStore({ dataDir, warn: (message) => warnings.push(message) });
    await new MonitorStore({ dataDir }).load(); // creates the folder
    writeFileSync(join(dataDir, STORE_FILE), content);
    const loaded = await store.load();
    assert.deepEqual(loaded.sources, {});
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /moved it to .*corrupt-.*rebuilding from the logs/);
    const aside = readdirSync(dataDir).filter((name) => name.includes('.corrupt-'));
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(join(dataDir, aside[0] as string), 'utf8'), content, 'the bad file is kept for inspection');
  });
}
