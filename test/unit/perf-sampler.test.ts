import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Reading } from '../../main/core/perf/rollup.js';
import { Sampler, chooseInterfaces, type SamplerOptions } from '../../main/core/perf/sampler.js';
import { FakeClock, FakePerfSource } from '../support/perf-fake-source.js';

function setup(options: Partial<SamplerOptions> = {}) {
  const clock = new FakeClock(Date.UTC(2026, 10, 27, 12, 0, 0));
  const source = new FakePerfSource(clock);
  const readings: Reading[] = [];
  const warnings: string[] = [];
  const sampler = new Sampler(source, {
    cpuIntervalSec: 20,
    netIntervalSec: 15,
    interfaces: [],
    now: clock.now,
    onReading: (reading) => readings.push(reading),
    warn: (message) => warnings.push(message),
    ...options,
  });
  return { clock, source, sampler, readings, warnings };
}

describe('perf sampler', () => {
  it('chooses the default interface and external interfaces that are up', () => {
    assert.deepEqual(
      chooseInterfaces([
        { iface: 'eth0', internal: false, operstate: 'up', default: false },
        { iface: 'lo', internal: true, operstate: 'unknown', default: false },
        { iface: 'wlan0', internal: false, operstate: 'down', default: false },
        { iface: 'ppp0', internal: false, operstate: 'unknown', default: true },
      ]),
      ['eth0', 'ppp0'],
    );
  });

  it('primes the counters at start and discards the first-call nulls', async () => {
    const { source, sampler, readings } = setup();
    await sampler.start();
    assert.equal(source.calls.currentLoad, 1);
    assert.deepEqual(source.calls.networkStats, ['eth0']);
    assert.equal(readings.length, 0, 'the priming calls produce no reading');
    source.cpu = 37.5;
    source.flow(15_000, { eth0: { rxBps: 1000, txBps: 250 } });
    await sampler.sample('cpu');
    await sampler.sample('net');
    sampler.stop();
    assert.equal(readings[0]?.cpu, 37.5);
    const net = readings[1]?.net?.[0];
    assert.equal(net?.iface, 'eth0');
    assert.ok(Math.abs((net?.rxKbps ?? 0) - 8) < 1e-9, 'bytes/s × 0.008 = Kbit/s');
    assert.ok(Math.abs((net?.txKbps ?? 0) - 2) < 1e-9);
    assert.ok(Math.abs((net?.rxBytes ?? 0) - 15_000) < 1e-6);
    assert.deepEqual(readings[1]?.murmur, { cpu: 2, memMB: 40 });
  });

  it('resolves interfaces once, and again only when they change', async () => {
    const { source, sampler, readings } = setup();
    await sampler.start();
    source.flow(15_000, { eth0: { rxBps: 100, txBps: 100 } });
    await sampler.sample('net');
    assert.equal(source.calls.networkInterfaces, 1);

    source.list.push({ iface: 'eth1', internal: false, operstate: 'up', default: false });
    source.signature = 'second';
    source.flow(15_000, { eth0: { rxBps: 100, txBps: 100 }, eth1: { rxBps: 500, txBps: 0 } });
    await sampler.sample('net');
    assert.equal(source.calls.networkInterfaces, 2);
    assert.equal(source.calls.networkStats.at(-1), 'eth0,eth1', 'interfaces are passed explicitly');
    assert.deepEqual(readings.at(-1)?.net?.map((n) => n.iface), ['eth0'], "eth1's first call has no rate yet");

    source.flow(15_000, { eth0: { rxBps: 100, txBps: 100 }, eth1: { rxBps: 500, txBps: 0 } });
    await sampler.sample('net');
    sampler.stop();
    assert.equal(source.calls.networkInterfaces, 2);
    assert.deepEqual(readings.at(-1)?.net?.map((n) => [n.iface, n.rxKbps]), [['eth0', 0.8], ['eth1', 4]]);
  });

  it('never resolves when interfaces are given, and can switch to automatic later', async () => {
    const { source, sampler } = setup({ interfaces: ['lo'] });
    await sampler.start();
    source.signature = 'changed';
    await sampler.sample('net');
    assert.equal(source.calls.networkInterfaces, 0);
    assert.deepEqual(source.calls.networkStats, ['lo', 'lo']);
    sampler.update({ interfaces: [] });
    await sampler.sample('net');
    sampler.stop();
    assert.equal(source.calls.networkInterfaces, 1);
    assert.equal(source.calls.networkStats.at(-1), 'eth0');
  });

  it('skips a tick while the previous sample of the same kind is still running', async () => {
    const { source, sampler, readings } = setup();
    await sampler.start();
    let release: () => void = () => {};
    const original = source.currentLoad.bind(source);
    source.currentLoad = () => new Promise((resolve) => (release = () => void original().then(resolve)));
    const first = sampler.sample('cpu');
    await sampler.sample('cpu');
    assert.equal(sampler.skipped, 1);
    release();
    await first;
    sampler.stop();
    assert.equal(readings.length, 1);
  });

  it('reports a failing source once and keeps sampling the rest', async () => {
    const { source, sampler, readings, warnings } = setup();
    await sampler.start();
    source.networkStats = () => Promise.reject(new Error('adapter gone'));
    await sampler.sample('net');
    await sampler.sample('net');
    await sampler.sample('cpu');
    sampler.stop();
    assert.deepEqual(warnings, ['perf: net sample failed: adapter gone']);
    assert.equal(readings.length, 1);
    assert.equal(readings[0]?.cpu, 10);
  });

  it('ticks on its own timers, opens and closes the source, and stops cleanly', async () => {
    const { source, sampler, readings } = setup({ cpuIntervalSec: 0.02, netIntervalSec: 0.03 });
    await sampler.start();
    assert.equal(source.calls.open, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    sampler.stop();
    const count = readings.length;
    assert.ok(readings.filter((r) => r.cpu !== undefined).length >= 3, `cpu ticks: ${count}`);
    assert.ok(readings.filter((r) => r.net !== undefined).length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(readings.length, count, 'no tick after stop');
    assert.equal(source.calls.close, 1);
  });
});
