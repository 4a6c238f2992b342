import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIVE_MINUTES_MS, HOUR_MS, addReading, emptyRollup, localDate, prune, type NetReading } from '../../main/core/perf/rollup.js';
import { rangePoints } from '../../main/core/perf/series.js';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const DAY_MS = 24 * HOUR_MS;

function net(iface: string, rxKbps: number, txKbps: number, seconds = 15): NetReading {
  return { iface, rxKbps, txKbps, rxBytes: (rxKbps / 0.008) * seconds, txBytes: (txKbps / 0.008) * seconds };
}

describe('perf rollups', () => {
  it('averages and keeps the maximum of each figure per 5-minute and hourly bucket', () => {
    const data = emptyRollup();
    addReading(data, { t: T0 + 10_000, cpu: 10 });
    addReading(data, { t: T0 + 30_000, cpu: 50 });
    addReading(data, { t: T0 + 299_999, cpu: 30 });
    addReading(data, { t: T0 + FIVE_MINUTES_MS, cpu: 90 }); // next 5-minute bucket, same hour
    addReading(data, { t: T0 + 15_000, net: [net('eth0', 100, 10)], murmur: { cpu: 1, memMB: 30 } });
    addReading(data, { t: T0 + 30_000, net: [net('eth0', 300, 30)], murmur: { cpu: 3, memMB: 50 } });

    const [first, second] = rangePoints(data, '24h', T0 + FIVE_MINUTES_MS + 1);
    assert.equal(first?.t, T0);
    assert.equal(first?.cpu, 30);
    assert.equal(first?.max?.cpu, 50);
    assert.deepEqual(first?.net, { eth0: { rxKbps: 200, txKbps: 20 } });
    assert.deepEqual(first?.max?.net, { eth0: { rxKbps: 300, txKbps: 30 } });
    assert.deepEqual(first?.murmur, { cpu: 2, memMB: 40 });
    assert.deepEqual(first?.max?.murmur, { cpu: 3, memMB: 50 });
    assert.equal(second?.cpu, 90);
    assert.deepEqual(second?.net, {}, 'no traffic reading in that bucket: no interface, not zero');

    const [hour] = rangePoints(data, '30d', T0 + 1);
    assert.equal(hour?.t, T0);
    assert.equal(hour?.cpu, 45);
    assert.equal(hour?.max?.cpu, 90);
  });

  it('totals bytes in and out per local day', () => {
    const data = emptyRollup();
    addReading(data, { t: T0, net: [net('eth0', 8, 16, 60)] }); // 1000 B/s and 2000 B/s for 60 s
    addReading(data, { t: T0 + 60_000, net: [net('eth0', 8, 16, 60), net('lo', 80, 80, 60)] });
    addReading(data, { t: T0 + DAY_MS, net: [net('eth0', 8, 0, 15)] });
    assert.deepEqual(data.daily, [
      { date: localDate(T0), net: { eth0: { rxBytes: 120_000, txBytes: 240_000 }, lo: { rxBytes: 600_000, txBytes: 600_000 } } },
      { date: localDate(T0 + DAY_MS), net: { eth0: { rxBytes: 15_000, txBytes: 0 } } },
    ]);
  });

  it('shows buckets without readings as null points, from the first data to the current bucket', () => {
    const data = emptyRollup();
    addReading(data, { t: T0 + 1000, cpu: 20, net: [net('eth0', 1, 1)] });
    addReading(data, { t: T0 + 3 * FIVE_MINUTES_MS + 1000, cpu: 40 });
    const points = rangePoints(data, '24h', T0 + 5 * FIVE_MINUTES_MS + 1000);
    assert.deepEqual(
      points.map((p) => [p.t - T0, p.cpu]),
      [0, 1, 2, 3, 4, 5].map((i) => [i * FIVE_MINUTES_MS, i === 0 ? 20 : i === 3 ? 40 : null]),
    );
    assert.deepEqual(points[1], { t: T0 + FIVE_MINUTES_MS, cpu: null, net: {}, murmur: { cpu: null, memMB: null } });
  });

  it('accepts a late reading into its own bucket, in order', () => {
    const data = emptyRollup();
    addReading(data, { t: T0 + 2 * FIVE_MINUTES_MS, cpu: 1 });
    addReading(data, { t: T0, cpu: 2 });
    addReading(data, { t: T0 + FIVE_MINUTES_MS, cpu: 3 });
    assert.deepEqual(data.fiveMinute.map((b) => [b.t - T0, b.cpu?.[0]]), [[0, 1], [FIVE_MINUTES_MS, 1], [2 * FIVE_MINUTES_MS, 1]]);
  });

  it('prunes 5-minute buckets after 24 h, hourly after 30 days and daily totals after a year', () => {
    const data = emptyRollup();
    const now = T0;
    for (const age of [400 * DAY_MS, 31 * DAY_MS, 29 * DAY_MS, 25 * HOUR_MS, 23 * HOUR_MS, 0]) {
      addReading(data, { t: now - age, cpu: 1, net: [net('eth0', 1, 1)] });
    }
    assert.equal(prune(data, now), true);
    assert.deepEqual(data.fiveMinute.map((b) => now - b.t), [23 * HOUR_MS, 0]);
    assert.deepEqual(data.hourly.map((b) => now - b.t), [29 * DAY_MS, 25 * HOUR_MS, 23 * HOUR_MS, 0]);
    assert.deepEqual(data.daily.map((d) => d.date), [31, 29, 1, 0].map((days) => localDate(now - days * DAY_MS)).filter((d, i, all) => all.indexOf(d) === i));
    assert.equal(prune(data, now), false, 'nothing left to prune');
    assert.equal(rangePoints(data, '24h', now).length, 23 * 12 + 1, 'from the oldest kept bucket to the present');
  });
});
