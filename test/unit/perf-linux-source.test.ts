import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LinuxMurmurProbe, parseProcStatTicks } from '../../main/core/perf/linux-murmur-probe.js';
import { LinuxPerfSource, parseCpuTimes, parseDefaultRoutes } from '../../main/core/perf/linux-source.js';

const isLinux = process.platform === 'linux';
const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

function statLine(pid: number, comm: string, state: string, utime: number, stime: number): string {
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
  return `${pid} (${comm}) ${state} 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${utime} ${stime} 0 0 20 0 3 0 5000 1000 200\n`;
}

async function fakeProc(processes: Array<{ pid: number; comm: string; state?: string; ticks: number; pages: number }>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'perf-proc-'));
  dirs.push(root);
  for (const { pid, comm, state = 'S', ticks, pages } of processes) {
    await mkdir(join(root, String(pid)));
    await writeFile(join(root, String(pid), 'comm'), `${comm}\n`);
    await writeFile(join(root, String(pid), 'stat'), statLine(pid, comm, state, ticks, 0));
    await writeFile(join(root, String(pid), 'statm'), `50000 ${pages} 900 100 0 3000 0\n`);
  }
  await mkdir(join(root, 'self'));
  return root;
}

describe('Linux perf source', () => {
  it('reads busy and total jiffies, and seconds by mode, from /proc/stat', () => {
    const times = parseCpuTimes('cpu  100 5 50 800 20 3 2 10 7 0\ncpu0 50 2 25 400 10 1 1 5 3 0\n');
    assert.deepEqual(times, {
      busy: 170,
      total: 990,
      seconds: { user: 1, nice: 0.05, system: 0.5, idle: 8, iowait: 0.2, irq: 0.03, softirq: 0.02, steal: 0.1 },
    }, 'idle and iowait are not busy; guest is already in user');
    assert.equal(parseCpuTimes('garbage\n'), null);
  });

  it('finds the default-route interfaces in /proc/net/route', () => {
    const route =
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n' +
      'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\n' +
      'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\n' +
      'wg0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\n';
    assert.deepEqual([...parseDefaultRoutes(route)], ['eth0']);
  });

  it("reads a process's CPU ticks even when its name holds spaces and parentheses, and not a zombie's", () => {
    assert.equal(parseProcStatTicks(statLine(7, 'a) (b', 'S', 120, 30)), 150);
    assert.equal(parseProcStatTicks(statLine(7, 'murmurd', 'Z', 120, 30)), null);
  });

  it('sums CPU and resident memory of every Murmur process found in /proc', async () => {
    const procDir = await fakeProc([
      { pid: 101, comm: 'murmurd', ticks: 1000, pages: 2560 },
      { pid: 102, comm: 'mumble-server', ticks: 500, pages: 1280 },
      { pid: 103, comm: 'murmurd', state: 'Z', ticks: 9, pages: 0 },
      { pid: 104, comm: 'bash', ticks: 99999, pages: 99999 },
    ]);
    const probe = new LinuxMurmurProbe(procDir);
    const first = await probe.sample();
    assert.equal(first.cpu, null, 'no CPU baseline on the first sample');
    const pageSize = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }));
    assert.equal(first.memMB, ((2560 + 1280) * pageSize) / (1024 * 1024), 'resident pages × page size');
    assert.equal(first.cpuSeconds, 15, 'the CPU seconds both servers used (1500 ticks of 1/100 s)');

    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writeFile(join(procDir, '101', 'stat'), statLine(101, 'murmurd', 'S', 1010, 0)); // +0.1 s of CPU
    const second = await probe.sample();
    const elapsed = (performance.now() - started) / 1000;
    const expected = (0.1 / elapsed / availableParallelism()) * 100;
    assert.ok(second.cpu !== null && Math.abs(second.cpu - expected) / expected < 0.25, `cpu ${second.cpu} vs ${expected}`);
    assert.equal(second.cpuSeconds, 15.1);

    await rm(join(procDir, '101'), { recursive: true });
    await rm(join(procDir, '102'), { recursive: true });
    assert.deepEqual(await probe.sample(), { cpu: null, memMB: null }, 'gone: no figures rather than zeros');
  });

  it('measures real CPU load and loopback traffic', { skip: !isLinux && 'reads /proc and /sys' }, async () => {
    const source = new LinuxPerfSource();
    const first = await source.currentLoad();
    assert.equal(first.currentLoad, null);
    const [loBefore] = await source.networkStats('lo');
    assert.equal(loBefore?.rx_sec, null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { currentLoad, cpuSeconds } = await source.currentLoad();
    assert.ok(currentLoad !== null && currentLoad >= 0 && currentLoad <= 100, `load ${currentLoad}`);
    assert.ok((cpuSeconds?.idle ?? 0) >= (first.cpuSeconds?.idle ?? Infinity), 'the idle counter only grows');
    const [lo] = await source.networkStats('lo');
    assert.ok(lo && lo.rx_sec !== null && lo.rx_sec >= 0 && lo.ms >= 250);
    assert.ok((lo.rx_bytes ?? -1) >= (loBefore?.rx_bytes ?? Infinity), 'the kernel byte counter only grows');
    const names = (await source.networkInterfaces()).map((i) => `${i.iface}:${i.internal}`);
    assert.ok(names.includes('lo:true'), names.join(' '));
    assert.deepEqual(await source.networkStats('no-such-if0'), [{ iface: 'no-such-if0', rx_sec: null, tx_sec: null, ms: 0 }]);
  });
});
