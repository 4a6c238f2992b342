// /metrics against a real Prometheus: Debian's `prometheus` scrapes a running `serve` every second while
// logins are appended to its log and traffic crosses `lo`; its query API must then give back the counts
// and rates that were written, and answer every query of the example dashboard and alert rules (contrib/).
// `promtool check metrics` must find nothing to say about the exposition, and a restart of serve must not
// look like a counter reset.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { localLogTime } from '../../main/log-time.js';
import { BOOT_1_3 } from '../fixtures/logs/build.js';
import { alertQueries, dashboardQueries } from '../support/contrib-queries.js';
import { sendLoopback } from '../support/loopback-traffic.js';
import { findFreePort } from '../support/free-port.js';
import { MonitorProcess } from '../support/monitor-process.js';
import { prometheusMissing, PrometheusServer, promtool } from '../support/prometheus-server.js';

const SCRAPE_SECONDS = 1;
const BURST_LOGINS = 40;
const BURST_SPACING_MS = 250;
const skip = process.platform !== 'linux' ? 'samples `lo`, the Linux loopback interface' : prometheusMissing() ?? false;

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A Murmur line stamped with this machine's time now (as Murmur writes it), and that time in epoch ms. */
function lineNow(message: string): { text: string; ms: number } {
  const now = new Date();
  return { text: `<W>${localLogTime(now).replace('T', ' ')} ${message}\n`, ms: now.getTime() };
}

describe('Prometheus scraping serve', { skip, timeout: 180_000 }, () => {
  it('gives back the online users, login and session counts, their rates, traffic and CPU seconds, across a restart', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'prometheus-test-'));
    dirs.push(dir);
    const log = join(dir, 'murmur.log');
    /** One write per line, as Murmur writes; returns the line's time. */
    const write = async (message: string): Promise<number> => {
      const line = lineNow(message);
      await appendFile(log, line.text);
      return line.ms;
    };
    await writeFile(log, '');
    await write(BOOT_1_3);
    await write('1 => Server listening on 0.0.0.0:64738');
    const ini = join(dir, 'murmur.ini');
    await writeFile(ini, 'users=50\n');
    // A fixed port (the last --port given wins), so the same target is scraped again after a restart.
    const flags = ['--net-interval', '1', '--cpu-interval', '1', '--interface', 'lo', '--ini', `s=${ini}`, '--port', String(await findFreePort())];
    let serve = await MonitorProcess.start({ s: log }, join(dir, 'data'), 20_000, flags);
    t.after(() => serve.stop());
    const prometheus = await PrometheusServer.start(dir, new URL(serve.url).host, SCRAPE_SECONDS);
    t.after(() => prometheus.stop());

    const user = (session: number, message: string) => `1 => <${session}:user${session}(-1)> ${message}`;
    for (const session of [1, 2, 3]) await write(user(session, 'Authenticated'));
    await write(user(1, 'Connection closed: The remote host closed the connection [1]'));
    await write(user(9, 'Rejected connection from 203.0.113.7:5000: Wrong certificate or password for existing user'));
    const server = 'source="s",server="1"';
    await prometheus.waitFor(`murmur_monitor_online_users{${server}}`, (value) => value === 2);
    assert.equal(await prometheus.waitFor(`murmur_monitor_logins_total{${server}}`, (value) => value === 3), 3);
    await prometheus.waitFor(`murmur_monitor_sessions_ended_total{${server},reason="quit"}`, (value) => value === 1);
    await prometheus.waitFor(`murmur_monitor_login_rejections_total{${server}}`, (value) => value === 1);

    // A burst: one login and its quit every 250 ms (4 per second) for 10 s.
    await sleep(3000); // flat counters before the burst, so increase() over a window around it is not extrapolated far
    const burstStart = Date.now() / 1000;
    let lastLineMs = 0;
    for (let index = 0; index < BURST_LOGINS; index += 1) {
      const session = 100 + index;
      await write(user(session, 'Authenticated'));
      lastLineMs = await write(user(session, 'Connection closed: The remote host closed the connection [1]'));
      await sleep(BURST_SPACING_MS);
    }
    const burstEnd = Date.now() / 1000;
    await prometheus.waitFor(`murmur_monitor_logins_total{${server}}`, (value) => value === 3 + BURST_LOGINS);
    await sleep(4000);
    const around = Math.ceil(Date.now() / 1000 - burstStart + 2);
    const increase = (await prometheus.query(`increase(murmur_monitor_logins_total{${server}}[${around}s])`))[0]?.value ?? NaN;
    t.diagnostic(`increase over ${around}s around the burst: ${increase} (written ${BURST_LOGINS})`);
    const difference = await prometheus.query(`murmur_monitor_logins_total{${server}} - murmur_monitor_logins_total{${server}} offset ${around}s`);
    assert.equal(difference[0]?.value, BURST_LOGINS, 'the counter moved by exactly what was written');
    // increase() extrapolates to the window's edges from the first and last scrape inside it: at most two intervals.
    const extrapolated = (BURST_LOGINS * around) / (around - 2 * SCRAPE_SECONDS);
    assert.ok(increase >= BURST_LOGINS * 0.95 && increase <= extrapolated, `increase ${increase}, from ${BURST_LOGINS} to ${extrapolated}`);
    const inside = Math.floor(burstEnd - burstStart - 3);
    const rate = (await prometheus.query(`rate(murmur_monitor_logins_total{${server}}[${inside}s])`, burstEnd - 1))[0]?.value ?? NaN;
    const writtenRate = BURST_LOGINS / (burstEnd - burstStart);
    t.diagnostic(`login rate inside the burst ${rate.toFixed(2)}/s, written ${writtenRate.toFixed(2)}/s`);
    assert.ok(Math.abs(rate - writtenRate) <= 0.3 * writtenRate, `rate ${rate}`);
    assert.equal((await prometheus.query(`murmur_monitor_sessions_ended_total{${server},reason="quit"}`))[0]?.value, 1 + BURST_LOGINS);
    assert.equal((await prometheus.query(`murmur_monitor_online_users{${server}}`))[0]?.value, 2);
    assert.equal((await prometheus.query('murmur_monitor_log_last_line_timestamp_seconds{source="s"}'))[0]?.value, lastLineMs / 1000);
    const version = (JSON.parse(await readFile('package.json', 'utf8')) as { version: string }).version;
    assert.deepEqual((await prometheus.query('murmur_monitor_build_info')).map((sample) => [sample.metric.version, sample.value]), [[version, 1]]);

    // Traffic: 20 Mbit/s over lo for 12 s, against the byte counters' rate over 8 s of it. The kernel's
    // own counter is the truth: other programs on this machine may use lo at the same time. The counters
    // are as of serve's last sample (every second here) but stamped with the scrape's time, so a window
    // of several samples keeps that jitter small.
    const kernelBefore = Number(await readFile('/sys/class/net/lo/statistics/rx_bytes', 'utf8'));
    const traffic = await sendLoopback(20, 12);
    const kernelAfter = Number(await readFile('/sys/class/net/lo/statistics/rx_bytes', 'utf8'));
    await sleep(3000);
    const sent = (traffic.received * 1000) / (traffic.end - traffic.start); // bytes per second
    const truth = ((kernelAfter - kernelBefore) * 1000) / (traffic.end - traffic.start);
    assert.ok(truth >= sent, `the kernel counted ${truth} B/s on lo, at least the ${sent} B/s sent`);
    for (const direction of ['receive', 'transmit']) {
      const query = `rate(murmur_monitor_network_${direction}_bytes_total{interface="lo"}[8s])`;
      const measured = (await prometheus.query(query, (traffic.start + 11_000) / 1000))[0]?.value ?? NaN;
      t.diagnostic(`${direction}: ${(measured / 1000).toFixed(0)} kB/s measured, ${(sent / 1000).toFixed(0)} kB/s sent, ${(truth / 1000).toFixed(0)} kB/s on lo`);
      assert.ok(Math.abs(measured - truth) <= truth * 0.2, `${query}: ${measured} vs ${truth}`);
    }
    // Every core spends each second in some mode: the modes' rates add up to the number of cores.
    const cpuSum = (await prometheus.query('sum(rate(murmur_monitor_host_cpu_seconds_total[20s]))'))[0]?.value ?? NaN;
    t.diagnostic(`CPU seconds per second, all modes: ${cpuSum.toFixed(2)} on ${cpus().length} cores`);
    assert.ok(Math.abs(cpuSum - cpus().length) <= cpus().length * 0.15, `cpu ${cpuSum}`);

    // The example dashboard's and alert rules' queries: all parse, and the dashboard's give data (those of
    // the Murmur process only while one runs on this machine; the alerts' conditions are not met here).
    for (const { where, expr } of [...dashboardQueries(), ...alertQueries()]) {
      const samples = await prometheus.query(expr);
      if (where.startsWith('alert') || /murmur_monitor_murmur_(cpu_seconds|resident)/.test(expr)) continue;
      assert.ok(samples.length > 0, `${where} gives nothing: ${expr}`);
    }
    assert.equal((await prometheus.query('murmur_monitor_capacity_users{source="s"}'))[0]?.value, 50);

    const exposition = await (await fetch(`${serve.url}/metrics`)).text();
    const checked = promtool(['check', 'metrics'], exposition);
    assert.deepEqual(checked, { status: 0, output: '' }, 'promtool check metrics finds nothing');

    // A restart of serve: the log counters come back from its store, the host counters are the kernel's;
    // none of them goes back, so Prometheus sees no counter reset across it.
    await sleep(2000);
    await serve.stop();
    await write(user(500, 'Authenticated')); // while serve is down: read on its next start
    serve = await MonitorProcess.start({ s: log }, join(dir, 'data'), 20_000, flags);
    await prometheus.waitFor(`murmur_monitor_logins_total{${server}}`, (value) => value === 4 + BURST_LOGINS);
    await sleep(3000);
    for (const counter of [
      `murmur_monitor_logins_total{${server}}`,
      `murmur_monitor_sessions_ended_total{${server}}`,
      `murmur_monitor_login_rejections_total{${server}}`,
      'murmur_monitor_lines_read_total',
      'murmur_monitor_host_cpu_seconds_total',
      'murmur_monitor_network_receive_bytes_total',
    ]) {
      const resets = await prometheus.query(`resets(${counter}[60s])`);
      assert.ok(resets.length > 0 && resets.every((sample) => sample.value === 0), `${counter}: resets ${JSON.stringify(resets)}`);
    }
    assert.equal((await prometheus.query(`murmur_monitor_online_users{${server}}`))[0]?.value, 3, 'the login made while serve was down');
  });
});
