// `murmur-monitor serve --demo` end to end: the real command, a fresh data folder, the snapshot over HTTP
// shows people online on both virtual servers, a live join or leave arrives on the event stream, and the
// dashboard shows it all in Chromium (its screenshot is the README's: assets/screenshots/dashboard.png).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, watchProblems } from '../support/browser.js';
import { MonitorProcess } from '../support/monitor-process.js';

const SCREENSHOTS = 'test-output/screenshots';

describe('serve --demo', () => {
  let dataDir = '';
  let serve: MonitorProcess | undefined;
  let base = '';

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'serve-demo-'));
    serve = await MonitorProcess.start({}, dataDir, 60_000, ['--demo', '--no-perf']);
    base = serve.url;
  });

  after(async () => {
    // SIGTERM makes serve write its store and exit (a no-op when the last test already stopped it).
    await serve?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows people online on both virtual servers of the demo source', async () => {
    assert.ok(serve);
    const snapshot = await serve.waitForSnapshot(
      (body) => {
        const demo = body.servers.filter((server) => server.source === 'demo');
        const done = body.sources.every((source) => source.state === 'following');
        return done && demo.length === 2 && demo.every((server) => server.online.length > 0);
      },
      'people online on both demo servers',
      60_000,
    );
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
    assert.match(text, live, `no live event in:\n${text}\nserve said:\n${serve?.printed}`);
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
    assert.equal(await serve.stop('SIGTERM', 15_000), 0, serve.printed);
  });
});
