// The dashboard from `serve --demo` in Chromium: bytes on the wire and time until every panel is drawn, on a
// first load (empty cache) and on a reload, over loopback and over an emulated remote link. Baseline, in the
// same run: the dashboard as it was served before it was minified, compressed and given validators (the
// commit before that change, built once into a temporary folder and kept there for later runs).
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.js';
import { startServe, waitFollowing, type ServeChild } from './serve-child.js';
import { median } from './stats.js';

/** The last commit that served the dashboard unminified, uncompressed and `no-cache` without a validator. */
const BASELINE_COMMIT = 'd5d8f552ea078da6daacb9381537a4f5f1fe3a66';
const RUNS = 7;
/** A remote admin's link: 10 Mbit/s down, 5 up, 40 ms round trip (CDP's emulation, per request). */
const REMOTE = { offline: false, latency: 40, downloadThroughput: 1_250_000, uploadThroughput: 625_000 };

interface Load {
  bytes: number;
  /** Bytes per path, e.g. `/app.js 312`. */
  byPath: string[];
  drawnMs: number;
}

/** The baseline's checkout, built: `git archive` of the commit, this checkout's node_modules, its own build. */
function baselineBuild(): string {
  const dir = join(tmpdir(), `murmur-monitor-bench-${BASELINE_COMMIT.slice(0, 12)}`);
  if (existsSync(join(dir, 'dist', 'renderer', 'app.js'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execSync(`git archive ${BASELINE_COMMIT} | tar -x -C ${JSON.stringify(dir)}`, { stdio: 'inherit' });
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, stdio: 'inherit' });
  return dir;
}

/** Records, from inside the page, when the dashboard marks every panel drawn (`html[data-renders]`). */
const DRAWN_PROBE = `new MutationObserver((_, observer) => {
  if (document.documentElement.dataset.renders && window.__drawnAt === undefined) { window.__drawnAt = performance.now(); observer.disconnect(); }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-renders'] });`;

/** Counts what crosses the wire for the page (headers included, as Chromium's encodedDataLength does). */
function wireMeter(cdp: CDPSession): { reset(): void; read(): Omit<Load, 'drawnMs'> } {
  const paths = new Map<string, string>();
  let totals = { bytes: 0, byPath: [] as string[] };
  cdp.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => {
    paths.set(event.requestId, new URL(event.request.url).pathname);
  });
  cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
    totals.bytes += event.encodedDataLength;
    totals.byPath.push(`${paths.get(event.requestId) ?? '?'} ${event.encodedDataLength}`);
  });
  return {
    reset: () => (totals = { bytes: 0, byPath: [] }),
    read: () => ({ ...totals, byPath: [...totals.byPath] }),
  };
}

async function drawn(page: Page, meter: ReturnType<typeof wireMeter>): Promise<Load> {
  await page.waitForSelector('html[data-renders]', { timeout: 60_000 });
  const drawnMs = (await page.evaluate('window.__drawnAt')) as number;
  await new Promise((resolve) => setTimeout(resolve, 300)); // the last loadingFinished events arrive
  return { ...meter.read(), drawnMs };
}

/** One first load with an empty cache, then one reload, of `url`. */
async function loadTwice(page: Page, cdp: CDPSession, url: string, remote: boolean): Promise<[Load, Load]> {
  const meter = wireMeter(cdp);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.emulateNetworkConditions', remote ? REMOTE : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.goto(url, { waitUntil: 'commit' });
  const first = await drawn(page, meter);
  meter.reset();
  await page.reload({ waitUntil: 'commit' });
  return [first, await drawn(page, meter)];
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;

const baselineRoot = baselineBuild();
const dataRoot = mkdtempSync(join(tmpdir(), 'murmur-bench-load-'));
const servers: Array<[label: string, serve: ServeChild]> = [];
const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
try {
  servers.push(['before', await startServe(['--demo', '--data', join(dataRoot, 'before')], baselineRoot)]);
  servers.push(['now', await startServe(['--demo', '--data', join(dataRoot, 'now')])]);
  for (const [, serve] of servers) await waitFollowing(serve.base);
  await browser.context.addInitScript({ content: DRAWN_PROBE });
  for (const remote of [false, true]) {
    const results = new Map<string, { first: Load[]; reload: Load[] }>(servers.map(([label]) => [label, { first: [], reload: [] }]));
    for (let run = 0; run < RUNS; run += 1) {
      for (const [label, serve] of run % 2 === 0 ? servers : [...servers].reverse()) {
        const page = await browser.context.newPage();
        const cdp = await browser.context.newCDPSession(page);
        const [first, reload] = await loadTwice(page, cdp, serve.base, remote);
        results.get(label)?.first.push(first);
        results.get(label)?.reload.push(reload);
        await cdp.detach();
        await page.close();
      }
    }
    console.log(`\n${remote ? 'remote link (10 Mbit/s, 40 ms)' : 'loopback'}: medians of ${RUNS} runs, bytes on the wire and time until every panel is drawn`);
    for (const kind of ['first', 'reload'] as const) {
      const summary = (label: string) => {
        const loads = results.get(label)?.[kind] ?? [];
        return {
          bytes: median(loads.map((load) => load.bytes)),
          ms: median(loads.map((load) => load.drawnMs)),
          byPath: loads.at(-1)?.byPath.sort().join(', ') ?? '',
          runs: loads.map((load) => load.drawnMs.toFixed(0)).join(' '),
        };
      };
      const before = summary('before');
      const now = summary('now');
      console.log(
        `  ${(kind === 'first' ? 'first load' : 'reload').padEnd(10)} before ${kb(before.bytes).padStart(8)} ${before.ms.toFixed(0).padStart(5)} ms` +
          `   now ${kb(now.bytes).padStart(8)} ${now.ms.toFixed(0).padStart(5)} ms` +
          `   bytes ×${(now.bytes / before.bytes).toFixed(3)}, time ×${(now.ms / before.ms).toFixed(2)}` +
          `\n      ms before: ${before.runs}; now: ${now.runs}\n      bytes of the last run, before: ${before.byPath}\n                              now: ${now.byPath}`,
      );
    }
  }
} finally {
  await browser.close();
  for (const [, serve] of servers) await serve.stop();
  rmSync(dataRoot, { recursive: true, force: true });
}
