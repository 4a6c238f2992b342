// `node scripts/bench.mjs remote`: the tray app's remote client following two `serve` agents over HTTPS on
// loopback while joins are written to their logs, through cuts of one agent's connection and restarts of the
// other (with joins written while it is down). Reports joins lost and doubled (goal 0 and 0) and the time
// from a join written to the log until the client announces it (goal p95 <= 250 ms). Baseline, same run and
// same joins: a plain SSE reader of agent A itself (no relay, no cut, no certificate pin).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { lostAndDoubled, runRemoteScenario } from '../test/support/remote-scenario.js';
import { percentile } from './stats.js';

const GOAL_MS = 250;
const root = join('bench-output', 'remote');
rmSync(root, { recursive: true, force: true });
const options = { joins: 100, cuts: 4, restarts: 2, downJoins: 3, spacing: [50, 150] as [number, number] };
const result = await runRemoteScenario(root, options);
const { lost, doubled } = lostAndDoubled(result);

const latency = (agent: 'A' | 'B'): number[] =>
  [...result.written].flatMap(([key, join]) => {
    const first = result.received.get(key)?.[0];
    return join.agent === agent && !join.down && first !== undefined ? [first - join.at] : [];
  });
const both = [...latency('A'), ...latency('B')];
const directA = [...result.written].flatMap(([key, join]) => {
  const at = result.direct.get(key);
  return at === undefined ? [] : [at - join.at];
});
// Joins written while B was down are announced once it answers again: measured from that moment.
const catchUp = [...result.written].flatMap(([key, join]) => {
  const first = result.received.get(key)?.[0];
  const back = result.backAt.find((at) => at > join.at);
  return join.down && first !== undefined && back !== undefined ? [first - back] : [];
});
const fmt = (values: number[]): string =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${percentile(values, 100).toFixed(1)} ms (${values.length})`;
console.log(`joins written ${result.written.size} (${catchUp.length} while agent B was down), cuts ${result.cuts.length}, restarts ${result.backAt.length}`);
console.log(`lost ${lost.length}, doubled ${doubled.length}, announced though from before ${result.strays.length}`);
console.log(`join written → remote client, both agents: ${fmt(both)}`);
console.log(`  agent A (connection cut ${result.cuts.length} times): ${fmt(latency('A'))}`);
console.log(`  agent B (restarted ${result.backAt.length} times): ${fmt(latency('B'))}`);
console.log(`  joins written while B was down, from B answering again: ${fmt(catchUp)}`);
console.log(`baseline, agent A's own stream read directly (never cut): ${fmt(directA)}`);
const ok = lost.length === 0 && doubled.length === 0 && result.strays.length === 0 && percentile(both, 95) <= GOAL_MS;
console.log(`goal 0 lost, 0 doubled, p95 <= ${GOAL_MS} ms: ${ok ? 'met' : 'MISSED'}`);
process.exitCode = ok ? 0 : 1;
