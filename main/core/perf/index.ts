// The perf module's public face: the monitor facade, and the pieces a caller may want to inject or reuse.
export { PerfMonitor, type PerfMonitorOptions, type PerfOptionsUpdate } from './perf-monitor.js';
export { defaultPerfSource } from './default-source.js';
export { LinuxPerfSource } from './linux-source.js';
export { SiPerfSource } from './si-source.js';
export type { MurmurUsage, NetInterface, NetStat, PerfSource } from './source.js';
