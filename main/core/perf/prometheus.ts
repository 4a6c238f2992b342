// The host side of /metrics: the system's own cumulative counters (CPU seconds by mode, bytes per interface,
// Murmur's CPU seconds), which Prometheus turns into rates, and the gauges of what is now (Murmur's memory).
// Kernel counters survive a restart of the monitor; they start again at a reboot, when an interface is
// re-created or when Murmur restarts, and Prometheus' rate() and increase() take such resets in their stride.
import type { PerfPoint } from '../../contract.js';
import { exposition, MetricFamily } from '../exposition.js';
import type { PerfCounters } from './sampler.js';

const BYTES_PER_MEGABYTE = 1024 * 1024;

export function perfMetrics(counters: PerfCounters, latest: PerfPoint | null, aliases: Record<string, string>): string {
  const cpu = new MetricFamily('murmur_monitor_host_cpu_seconds_total', 'counter', 'CPU time of all cores together since boot, by mode.');
  for (const [mode, seconds] of Object.entries(counters.cpuSeconds ?? {})) cpu.add({ mode }, seconds);
  const received = new MetricFamily('murmur_monitor_network_receive_bytes_total', 'counter', 'Bytes received on the interface, as the system counts them.');
  const sent = new MetricFamily('murmur_monitor_network_transmit_bytes_total', 'counter', 'Bytes sent on the interface, as the system counts them.');
  // The alias is an info metric, not a label of the counters: renaming it must not start new series.
  const info = new MetricFamily('murmur_monitor_network_interface_info', 'gauge', 'The name shown for the interface on the dashboard (alias), always 1.');
  for (const [iface, { rxBytes, txBytes }] of Object.entries(counters.net)) {
    received.add({ interface: iface }, rxBytes);
    sent.add({ interface: iface }, txBytes);
    info.add({ interface: iface, alias: aliases[iface] ?? iface }, 1);
  }
  const murmurCpu = new MetricFamily('murmur_monitor_murmur_cpu_seconds_total', 'counter', 'CPU time the running Murmur processes used since they started.');
  murmurCpu.add({}, counters.murmurCpuSeconds);
  const memory = new MetricFamily('murmur_monitor_murmur_resident_memory_bytes', 'gauge', 'Resident memory of the running Murmur processes.');
  const memMB = latest?.murmur.memMB;
  memory.add({}, memMB === null || memMB === undefined ? null : Math.round(memMB * BYTES_PER_MEGABYTE));
  return exposition([cpu, received, sent, info, murmurCpu, memory]);
}
