// The tray app's remote client following two `serve` agents over HTTPS on loopback (certificates made by
// openssl, pinned by their fingerprints) through a cut connection of one and a restart of the other, with
// joins written while it is down: every join arrives exactly once, and nothing from before is announced.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lostAndDoubled, runRemoteScenario } from '../support/remote-scenario.js';

test('two TLS agents, one cut and one restarted: every join exactly once', { timeout: 120_000 }, async () => {
  const root = join(tmpdir(), `mm-remote-agents-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  try {
    const result = await runRemoteScenario(root, { joins: 12, cuts: 2, restarts: 1, downJoins: 3, spacing: [20, 60] });
    const { lost, doubled } = lostAndDoubled(result);
    assert.equal(result.written.size, 27);
    assert.deepEqual(lost, [], 'no join lost');
    assert.deepEqual(doubled, [], 'no join announced twice');
    assert.deepEqual(result.strays, [], 'nothing from before the client came');
    assert.ok(result.cuts.length === 2 && result.cuts.every((count) => count > 0), `each cut destroyed the live connection (${result.cuts.join(', ')})`);
    assert.equal([...result.written.values()].filter((join) => join.down).length, 3, 'three joins were written while agent B was down');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
