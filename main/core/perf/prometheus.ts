// The latest perf figures as Prometheus text exposition gauges (served at /metrics).
import type { PerfPoint } from '../../contract.js';
import { labelValue } from '../monitor/metrics.js';

function gauge(name: string, help: string, samples: Array<[labels: string, value: number | null]>): string[] {
  const known = samples.filter((sample): sample is [string, number] => sample[1] !== null && Number.isFinite(sample[1]));
  if (known.length === 0) return [];
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...known.map(([labels, value]) => `${name}${labels} ${value}`)];
}

/** Gauges for the newest reading; figures not measured yet are left out rather than written as 0. */
export function perfMetrics(latest: PerfPoint | null, aliases: Record<string, string>): string {
  if (!latest) return '';
  const ifaces = Object.entries(latest.net);
  const labels = (iface: string): string => `{interface="${labelValue(iface)}",alias="${labelValue(aliases[iface] ?? iface)}"}`;
  const lines = [
    ...gauge('murmur_monitor_host_cpu_percent', 'Host CPU load, percent of all cores.', [['', latest.cpu]]),
    ...gauge(
      'murmur_monitor_net_receive_kbps',
      'Bytes received per second on the interface, as Kbit/s.',
      ifaces.map(([iface, rate]) => [labels(iface), rate.rxKbps]),
    ),
    ...gauge(
      'murmur_monitor_net_transmit_kbps',
      'Bytes sent per second on the interface, as Kbit/s.',
      ifaces.map(([iface, rate]) => [labels(iface), rate.txKbps]),
    ),
    ...gauge('murmur_monitor_murmur_cpu_percent', 'CPU of the Murmur processes, percent of all cores.', [['', latest.murmur.cpu]]),
    ...gauge('murmur_monitor_murmur_memory_bytes', 'Resident memory of the Murmur processes.', [
      ['', latest.murmur.memMB === null ? null : Math.round(latest.murmur.memMB * 1024 * 1024)],
    ]),
  ];
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
