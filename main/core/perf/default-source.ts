// Which source measures this machine: the kernel's files on Linux (no subprocess per sample, see
// linux-source.ts and bench/sampler.bench.ts), systeminformation everywhere else.
import { LinuxPerfSource } from './linux-source.js';
import { SiPerfSource } from './si-source.js';
import type { PerfSource } from './source.js';

export function defaultPerfSource(platform: NodeJS.Platform = process.platform): PerfSource {
  return platform === 'linux' ? new LinuxPerfSource() : new SiPerfSource();
}
