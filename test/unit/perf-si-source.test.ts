// The systeminformation-backed source (Windows and macOS in production) against the real library here:
// its first-call nulls come through as null, later calls as rates, and Murmur figures are whole-machine.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { SiPerfSource } from '../../main/core/perf/si-source.js';

describe('systeminformation perf source', () => {
  it('passes the first-call null rates through, then gives bytes per second', async () => {
    const source = new SiPerfSource();
    const [first] = await source.networkStats('lo');
    assert.deepEqual([first?.iface, first?.rx_sec, first?.tx_sec], ['lo', null, null]);
    await sleep(600); // the library answers calls < 500 ms apart from its cache
    const [second] = await source.networkStats('lo');
    assert.ok(second && typeof second.rx_sec === 'number' && second.rx_sec >= 0 && second.ms >= 500, JSON.stringify(second));
    const { currentLoad } = await source.currentLoad();
    assert.ok(currentLoad !== null && currentLoad >= 0 && currentLoad <= 100, `load ${currentLoad}`);
  });

  it('reports the Murmur processes as whole-machine figures, or nulls when none runs', async () => {
    const usage = await new SiPerfSource().murmurProcess();
    if (usage.cpu === null) assert.equal(usage.memMB, null);
    else assert.ok(usage.cpu >= 0 && usage.cpu <= 100 && (usage.memMB ?? 0) > 0, JSON.stringify(usage));
  });
});
