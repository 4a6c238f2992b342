// Following a Docker container by name: `docker compose up` after a pull removes the container and creates
// another under the same name, with a new id and a new log. The follower must go on with the new one's log,
// from its start, and say what it waits for in between.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DockerSource } from '../../main/core/source/docker/docker-source.js';
import type { FollowState, ResetReason, SourceFeed } from '../../main/core/source/source.js';
import { DockerJsonLog } from '../support/docker-json-log.js';
import { waitUntil } from '../support/wait-until.js';

const root = mkdtempSync(join(tmpdir(), 'mm-docker-follow-'));
after(() => rmSync(root, { recursive: true, force: true }));

interface Seen {
  lines: string[];
  states: Array<[FollowState, string | undefined]>;
  resets: ResetReason[];
}

function recordingFeed(): { feed: SourceFeed; seen: Seen } {
  const seen: Seen = { lines: [], states: [], resets: [] };
  const feed: SourceFeed = {
    sink: {
      feedBytes: (bytes, start, end) => seen.lines.push(bytes.toString('utf8', start, end)),
      countUnparsed: () => undefined,
    },
    advanced: () => undefined,
    readProgress: () => undefined,
    reset: (reason) => seen.resets.push(reason),
    state: (state, message) => seen.states.push([state, message]),
    caughtUp: () => undefined,
    warn: () => undefined,
  };
  return { feed, seen };
}

const murmurLine = (text: string): Buffer => Buffer.from(`<W>2026-12-02 08:00:00.000 ${text}\n`);

test('a container removed and created again under its name: its new log is followed from the start', async () => {
  const first = new DockerJsonLog({ root, name: 'murmur' });
  first.write('stderr', murmurLine('1 => first container'));
  const { feed, seen } = recordingFeed();
  const follower = new DockerSource('murmur', root).follow(null, feed, { pollIntervalMs: 50 });
  follower.start();
  try {
    await waitUntil(() => (seen.lines.length === 1 ? true : undefined), { timeoutMs: 10_000, what: "the first container's line" });

    rmSync(first.folder, { recursive: true });
    await waitUntil(() => (seen.states.some(([state]) => state === 'waiting') ? true : undefined), { timeoutMs: 10_000, what: 'a waiting state' });
    const waiting = seen.states.find(([state]) => state === 'waiting')?.[1] ?? '';
    assert.match(waiting, new RegExp(`docker:murmur: the log of container ${first.id.slice(0, 12)} is gone`));

    const second = new DockerJsonLog({ root, name: 'murmur' });
    second.write('stderr', murmurLine('1 => second container, line 1'));
    second.write('stderr', murmurLine('1 => second container, line 2'));
    await waitUntil(() => (seen.lines.length === 3 ? true : undefined), { timeoutMs: 10_000, what: "the new container's lines" });
    assert.deepEqual(
      seen.lines.map((line) => line.slice(27)),
      ['1 => first container', '1 => second container, line 1', '1 => second container, line 2'],
    );
    assert.deepEqual(seen.resets, ['rotated']);
    assert.equal(seen.states.at(-1)?.[0], 'following');
  } finally {
    await follower.stop();
  }
});
