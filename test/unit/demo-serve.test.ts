// `murmur-monitor serve --demo` end to end: the real command, a fresh data folder, the snapshot over HTTP
// shows people online on both virtual servers, a live join or leave arrives on the event stream, and the
// dashboard shows it all in Chromium (its screenshot is the README's: assets/screenshots/dashboard.png).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Snapshot } from '../../main/contract.js';
import { launchBrowser, watchProblems } from '../support/browser.js';

const SCREENSHOTS = 'test-output/screenshots';

describe('serve --demo', () => {
  let dataDir = '';
  let serve: ChildProcess | undefined;
  let base = '';
  let output = '';

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'serve-demo-'));
    serve = spawn(process.execPath, ['bin/murmur-monitor.js', 'serve', '--demo', '--port', '0', '--data', dataDir, '--no-perf'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serve.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    serve.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<never>((_, reject) => serve?.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${output}`))));
    exited.catch(() => undefined); // the kill in after() ends it too
    base = await Promise.race([waitFor(() => /listening on (http:\/\/\S+?)\/?\s/.exec(output)?.[1], 60_000, () => output), exited]);
  });

  after(async () => {
    if (serve && serve.exitCode === null && serve.signalCode === null) {
      // SIGTERM makes serve write its store and exit; SIGKILL only if it hangs.
      const gone = once(serve, 'exit');
      serve.kill('SIGTERM');
      await Promise.race([gone, sleep(10_000)]);
      if (serve.exitCode === null && serve.signalCode === null) serve.kill('SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows people online on both virtual servers of the demo source', async () => {
    const snapshot = await waitFor(async () => {
      const response = await fetch(`${base}/api/snapshot`);
      assert.equal(response.status, 200);
      const body = (await response.json()) as Snapshot;
      const demo = body.servers.filter((server) => server.source === 'demo');
      const done = body.sources.every((source) => source.state === 'following');
      return done && demo.length === 2 && demo.every((server) => server.online.length > 0) ? body : undefined;
    }, 60_000, () => output);
    const days = snapshot.servers.flatMap((server) => server.days);
    assert.ok(new Set(days.map((day) => day.date)).size >= 14, 'weeks of history');
  });

  it('streams a live join or leave within a minute', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events`, { signal: controller.signal });
    assert.equal(response.status, 200);
    const reader = response.body?.getReader();
    assert.ok(reader);
    let text = '';
    const live = /event: (join|leave)\n(?:[^\n]+\n)*?data: \{[^\n]*"source":"demo"/;
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      while (!live.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    assert.match(text, live, `no live event in:\n${text}\nserve said:\n${output}`);
  });

  it('renders the demo dashboard in Chromium without page errors', async () => {
    const browser = await launchBrowser({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    try {
      const page = await browser.context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/`);
      await page.locator('#online-table tbody tr').nth(1).waitFor({ timeout: 15_000 });
      await page.waitForTimeout(500); // let the charts finish their first layout
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOTS}/demo-dashboard-light.png`, fullPage: true });
      // The README's picture: the page down to the 30-day chart (perf sampling is off in this test).
      const chart = await page.locator('section[aria-labelledby="logins-title"]').boundingBox();
      assert.ok(chart);
      const clip = { x: 0, y: 0, width: 1280, height: Math.ceil(chart.y + chart.height + 16) };
      await page.screenshot({ path: `${SCREENSHOTS}/demo-dashboard-top-light.png`, clip });
      assert.deepEqual(problems.list, []);
    } finally {
      await browser.close();
    }
  });

  it('exits 0 on SIGTERM (the demo stopped with the engine)', async () => {
    assert.ok(serve);
    const gone = once(serve, 'exit');
    serve.kill('SIGTERM');
    const [code] = (await Promise.race([gone, sleep(15_000).then(() => ['timeout'])])) as unknown[];
    assert.equal(code, 0, output);
  });
});

/** Polls `probe` until it gives a value (errors count as "not yet"); fails with the server's output. */
async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, context: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`timed out${last instanceof Error ? `: ${last.message}` : ''}\nserve said:\n${context()}`);
}
