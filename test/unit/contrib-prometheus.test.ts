// The example Grafana dashboard and alert rules in contrib/ ask only for metrics `serve` exports (every
// family a fully equipped monitor writes), and the rules pass `promtool check rules` and their own unit
// tests (`promtool test rules`). Their queries are evaluated by a real Prometheus in
// test/integration/prometheus.test.ts.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Monitor } from '../../main/core/monitor.js';
import { PerfMonitor } from '../../main/core/perf/index.js';
import { BOOT_1_3, line, userLine } from '../fixtures/logs/build.js';
import { alertQueries, ALERTS_FILE, ALERTS_TEST_FILE, dashboard, dashboardQueries, metricNames } from '../support/contrib-queries.js';
import { FakeClock, FakePerfSource } from '../support/perf-fake-source.js';
import { prometheusMissing, promtool } from '../support/prometheus-server.js';
import { tempRoot } from './monitor-fixtures.js';

const root = tempRoot('mm-contrib-');
after(() => rmSync(root, { recursive: true, force: true }));

/** The metric families of a monitor with every figure known: a capacity, rejections, ended sessions, perf with a running Murmur. */
async function exportedFamilies(): Promise<Set<string>> {
  mkdirSync(join(root, 'logs'), { recursive: true });
  const path = join(root, 'logs', 'murmur.log');
  const lines = [
    line('10:00:00', BOOT_1_3),
    userLine('10:00:01', 1, 1, 'a', -1, 'Authenticated'),
    userLine('10:00:02', 1, 2, 'b', -1, 'Rejected connection from 203.0.113.7:1: Invalid server password'),
    userLine('10:00:03', 1, 1, 'a', -1, 'Connection closed: The remote host closed the connection [1]'),
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  const clock = new FakeClock(Date.now());
  const source = new FakePerfSource(clock);
  source.murmur = { cpu: 1, memMB: 30, cpuSeconds: 12 };
  const perf = new PerfMonitor({ dataDir: join(root, 'perf'), source, now: clock.now, warn: () => undefined });
  await perf.start();
  source.flow(15_000, { eth0: { rxBps: 1000, txBps: 500 } });
  await perf.sampleNow();
  const monitor = await Monitor.open({
    sources: [{ name: 'main', path, capacity: 50 }],
    dataDir: join(root, 'data'),
    tail: { watch: false, pollIntervalMs: 50 },
    perf,
    warn: () => undefined,
  });
  await monitor.backfilled();
  const text = monitor.metrics();
  await monitor.close();
  await perf.stop();
  return new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1] as string));
}

test('every query of the dashboard and the alert rules names only metrics serve exports', async () => {
  const families = await exportedFamilies();
  assert.ok(families.has('murmur_monitor_murmur_resident_memory_bytes') && families.has('murmur_monitor_capacity_users'), [...families].join(' '));
  const queries = [...dashboardQueries(), ...alertQueries()];
  assert.ok(queries.length >= 20, `${queries.length} queries`);
  for (const { where, expr } of queries) {
    const names = metricNames(expr);
    assert.ok(names.length > 0, `${where}: names no metric: ${expr}`);
    for (const name of names) assert.ok(families.has(name), `${where}: ${name} is not exported by serve`);
  }
  assert.deepEqual(metricNames('sum(up{job="x"}) + murmur_monitor_nope'), ['up', 'murmur_monitor_nope'], 'the check sees other names too');
});

test("the dashboard rebuilds the original one: online now, the gauge, logins per day for 30 days, network Kbit/s over 24 h", () => {
  const panels = dashboard().panels;
  const byTitle = (title: string) => {
    const panel = panels.find((item) => item.title === title);
    assert.ok(panel, `a panel "${title}"`);
    return panel;
  };
  assert.equal(byTitle('Online now').type, 'gauge');
  assert.match(byTitle('Online per server').targets[0]?.expr ?? '', /^murmur_monitor_online_users\{/);
  const logins = byTitle('Logins per day (30 days)');
  assert.deepEqual([logins.timeFrom, logins.interval], ['30d', '1d']);
  assert.match(logins.targets[0]?.expr ?? '', /increase\(murmur_monitor_logins_total\{.*\}\[1d\]\)/);
  const network = byTitle('Network (Kbit/s, 5-minute averages)');
  assert.deepEqual([network.timeFrom, network.fieldConfig.defaults.unit], ['24h', 'Kbits']);
  assert.deepEqual(
    network.targets.map((target) => /rate\((murmur_monitor_network_\w+)\{.*\}\[5m\]\) \* 8 \/ 1000/.exec(target.expr)?.[1]),
    ['murmur_monitor_network_receive_bytes_total', 'murmur_monitor_network_transmit_bytes_total'],
    'bytes per second × 8 / 1000 = Kbit/s, averaged over 5 minutes',
  );
});

const noPromtool = prometheusMissing();

test('the alert rules pass promtool check rules and fire in their own unit tests', { skip: noPromtool ?? false }, () => {
  const checked = promtool(['check', 'rules', ALERTS_FILE]);
  assert.equal(checked.status, 0, checked.output);
  assert.match(checked.output, /SUCCESS: 5 rules found/);
  const tested = promtool(['test', 'rules', ALERTS_TEST_FILE]);
  assert.equal(tested.status, 0, tested.output);
  assert.match(tested.output, /SUCCESS/);
});
