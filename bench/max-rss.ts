// Loaded with `node --import` into a benchmarked child: prints its peak resident memory and the CPU time
// it used (all threads) on stderr at exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `max-rss-kb=${usage.maxRSS} cpu-us=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
