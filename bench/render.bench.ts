// Time from data arrival to every panel drawn (the renderer's `murmur:render` measure, which ends on the
// frame after the last panel), with 90 days of history for three virtual servers. The same renderer
// is loaded in Chromium through an injected API (as the Electron preload provides it), so only
// rendering is timed. Baseline: the same page with empty data, in the same run.
import type { PerfPoint, PerfSeries } from '../main/contract.js';
import { emptyData, installApi, type InjectedData } from '../test/browser/injected-api.js';
import { launchBrowser, serveStatic } from '../test/support/browser.js';
import { median } from './stats.js';

const RUNS = 7;
const GOAL_MS = 500;
const DAY_MS = 86_400_000;

/** Deterministic pseudo-random numbers, so every run draws the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** logTime() writes this machine's local time, as Murmur does on its own host. */
const LOCAL_ZONE = new Intl.DateTimeFormat().resolvedOptions().timeZone;

function logTime(ms: number): string {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 23);
}

function perfSeries(count: number, interval: number, next: () => number, end: number): PerfSeries {
  const points: PerfPoint[] = Array.from({ length: count }, (_, i) => ({
    t: end - (count - 1 - i) * interval * 1000,
    cpu: 100 * next(),
    net: Object.fromEntries(['eth0', 'eth1', 'wg0'].map((n) => [n, { rxKbps: 900 * next(), txKbps: 400 * next() }])),
    murmur: { cpu: 5 * next(), memMB: 80 + 10 * next() },
  }));
  return { interval, points, samples: [], latest: points.at(-1) ?? null, aliases: { eth0: 'WAN', eth1: 'LAN' } };
}

function fullData(): InjectedData {
  const next = random(42);
  const now = Date.now();
  const names = Array.from({ length: 300 }, (_, i) => (i % 17 === 0 ? `<img src=x onerror=alert(${i})>` : `user${i}`));
  const pick = (): string => names[Math.floor(next() * names.length)] ?? 'user';
  const servers = [1, 2, 3].map((server) => ({
    source: server === 3 ? 'eu' : 'main',
    server,
    online: Array.from({ length: 20 }, (_, i) => ({ session: i + 1, name: pick(), userId: i - 1, since: logTime(now - next() * 8 * 3600_000) })),
    days: Array.from({ length: 90 }, (_, i) => ({
      date: logTime(now - (89 - i) * DAY_MS).slice(0, 10),
      logins: Math.round(200 * next()),
      uniqueUsers: Math.round(80 * next()),
      peakOnline: Math.round(40 * next()),
    })),
  }));
  const at = (): string => logTime(now - next() * 90 * DAY_MS);
  return {
    snapshot: {
      generatedAt: new Date(now).toISOString(),
      servers,
      sources: ['main', 'eu'].map((name) => ({ name, path: `/var/log/${name}.log`, state: 'following', bytesRead: 1e8, linesRead: 1e6, unparsedLines: 0, timezone: LOCAL_ZONE, capacity: 100 })),
      backfill: [],
      perf: perfSeries(288, 300, next, now),
    },
    history: {
      sessions: Array.from({ length: 5000 }, (_, i) => {
        const start = at();
        return { source: 'main', server: 1, session: i, name: pick(), userId: -1, start, end: start, durationSeconds: Math.round(9000 * next()), endReason: 'quit' };
      }),
      serverEvents: Array.from({ length: 300 }, () => ({ source: 'main', server: 1, at: at(), kind: 'rotation', detail: 'Caught SIGHUP, will reopen' })),
      security: Array.from({ length: 1000 }, () => ({ source: 'main', server: 1, at: at(), kind: 'rejected', name: pick(), reason: 'Wrong certificate or password for existing user' })),
      topUsers: names.slice(0, 100).map((name, i) => ({ name, userId: i, sessions: 100 - i, secondsOnline: 1e6 - i * 1e4, lastSeen: at() })),
    },
    perf30: perfSeries(720, 3600, next, now),
  };
}

const site = await serveStatic('dist/renderer');
const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
try {
  const results: Record<string, number[]> = {};
  const panels: Record<string, string> = {};
  for (const [label, data] of [['empty (baseline)', emptyData()], ['90 days, 3 servers', fullData()]] as const) {
    results[label] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const page = await browser.context.newPage();
      await page.addInitScript(installApi, data);
      await page.goto(site.url);
      await page.waitForSelector('html[data-renders]', { timeout: 30_000 });
      const duration = (await page.evaluate(
        "performance.getEntriesByName('murmur:render')[0]?.duration ?? NaN",
      )) as number;
      results[label]?.push(duration);
      if (run === RUNS - 1) panels[label] = (await page.evaluate(
        "performance.getEntriesByType('measure').filter((m) => m.name.startsWith('murmur:panel:') || m.name === 'murmur:render:script').map((m) => m.name.replace(/^murmur:(panel:)?/, '') + ' ' + m.duration.toFixed(0)).join(', ')",
      )) as string;
      await page.close();
    }
  }
  const baseline = median(results['empty (baseline)'] ?? []);
  for (const [label, values] of Object.entries(results)) {
    const m = median(values);
    console.log(
      `${label.padEnd(20)} median ${m.toFixed(1)} ms  (runs: ${values.map((v) => v.toFixed(0)).join(', ')})` +
        (label.startsWith('empty') ? '' : `  = baseline + ${(m - baseline).toFixed(1)} ms; goal <= ${GOAL_MS} ms: ${m <= GOAL_MS ? 'met' : 'MISSED'}`),
    );
    console.log(`${''.padEnd(20)} last run per panel (ms): ${panels[label] ?? ''}`);
  }
} finally {
  await browser.close();
  await site.close();
}
