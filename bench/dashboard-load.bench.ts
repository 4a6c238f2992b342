// The dashboard from `serve --demo` in Chromium: bytes on the wire and time until every panel is drawn, on a
// first load (empty cache) and on a reload, over loopback and over an emulated remote link. One `serve`
// answers both sides, each through its own small proxy, so data, server and renderer are the same:
// - now: the proxy passes everything through;
// - before (the baseline, as the dashboard was served until it was made lighter): the proxy drops
//   Accept-Encoding and If-None-Match on the way in and ETags on the way out, makes the kept API answer
//   `no-store` again, and serves the renderer bundled without minification.
import { build } from 'esbuild';
import { createServer, request, Agent, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.js';
import { startServe, waitFollowing } from './serve-child.js';
import { median } from './stats.js';

const RUNS = 7;
/** A remote admin's link: 10 Mbit/s down, 5 up, 40 ms round trip (CDP's emulation, per request). */
const REMOTE = { offline: false, latency: 40, downloadThroughput: 1_250_000, uploadThroughput: 625_000 };

interface Load {
  bytes: number;
  /** Bytes per path, e.g. `/app.js 312`. */
  byPath: string[];
  drawnMs: number;
}

interface Proxy {
  url: string;
  close(): Promise<void>;
}

/** The renderer as scripts/build.mjs bundled it before it minified it. */
async function unminifiedBundle(): Promise<Buffer> {
  const result = await build({ entryPoints: ['renderer/main.ts'], bundle: true, target: 'es2022', format: 'iife', write: false, logLevel: 'warning' });
  return Buffer.from(result.outputFiles[0]?.contents ?? []);
}

/** A proxy in front of `target`; with `unminified`, it answers as the server did before (see the top). */
async function startProxy(target: URL, unminified?: Buffer): Promise<Proxy> {
  const agent = new Agent({ keepAlive: true });
  const server = createServer((incoming, answer) => {
    if (unminified && incoming.url === '/app.js') {
      answer.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-length': unminified.length, 'cache-control': 'no-cache' });
      answer.end(incoming.method === 'HEAD' ? undefined : unminified);
      return;
    }
    const headers: IncomingHttpHeaders = { ...incoming.headers, host: target.host };
    if (unminified) {
      delete headers['accept-encoding'];
      delete headers['if-none-match'];
    }
    const upstream = request({ host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers, agent }, (reply) => {
      const out = { ...reply.headers };
      if (unminified) {
        delete out.etag;
        if (out['cache-control'] === 'private, no-cache') out['cache-control'] = 'no-store';
      }
      answer.writeHead(reply.statusCode ?? 502, out);
      reply.pipe(answer);
    });
    upstream.on('error', () => answer.destroy());
    answer.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
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

const dataRoot = mkdtempSync(join(tmpdir(), 'murmur-bench-load-'));
const serve = await startServe(['--demo', '--data', dataRoot]);
const proxies: Array<[label: string, proxy: Proxy]> = [];
const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
try {
  await waitFollowing(serve.base);
  const target = new URL(serve.base);
  proxies.push(['before', await startProxy(target, await unminifiedBundle())], ['now', await startProxy(target)]);
  await browser.context.addInitScript({ content: DRAWN_PROBE });
  // One load each, not counted: serve compresses a dashboard file once per build, for its first visitor.
  for (const [, proxy] of proxies) {
    const page = await browser.context.newPage();
    await page.goto(proxy.url);
    await page.waitForSelector('html[data-renders]', { timeout: 60_000 });
    await page.close();
  }
  for (const remote of [false, true]) {
    const results = new Map<string, { first: Load[]; reload: Load[] }>(proxies.map(([label]) => [label, { first: [], reload: [] }]));
    for (let run = 0; run < RUNS; run += 1) {
      for (const [label, proxy] of run % 2 === 0 ? proxies : [...proxies].reverse()) {
        const page = await browser.context.newPage();
        const cdp = await browser.context.newCDPSession(page);
        const [first, reload] = await loadTwice(page, cdp, proxy.url, remote);
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
  for (const [, proxy] of proxies) await proxy.close();
  await serve.stop();
  rmSync(dataRoot, { recursive: true, force: true });
}
