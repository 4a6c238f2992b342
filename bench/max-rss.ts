// Loaded with `node --import` into a benchmarked child: prints its peak resident memory on stderr at exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
