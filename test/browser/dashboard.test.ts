// The dashboard in Debian's Chromium against the real `serve` on fixture logs: it must show what
// `report --json` reports, treat hostile names as text, follow live joins, filter, sort and export.
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Report } from '../../main/contract.js';
import { writeSyntheticLog } from '../../main/core/synthetic/files.js';
import { launchBrowser, watchProblems, type BrowserSession, type PageProblems } from '../support/browser.js';
import { waitUntil } from '../support/wait-until.js';
import { chartSeries, columnTexts, countElements, onlineRows } from './page-read.js';
import { report, serve, type RunningServer, type Source } from './serve.js';

const HOSTILE_NAMES = ['<img src=x onerror=alert(1)>', '<b>bold</b>'];
const SCREENSHOTS = 'test-output/screenshots';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The hostile log is served as written in this zone, far from the zone of most test machines: UTC+14, no DST since 1995. */
const HOSTILE_ZONE = 'Pacific/Kiritimati';
const HOSTILE_OFFSET_MS = 14 * 3_600_000;

/** A server event line drawn across a time chart, as the chart mirrors the ones it draws in `data-markers`. */
interface Marker {
  x: number;
  label: string;
  severe: boolean;
}

/** An instant as a Murmur host in HOSTILE_ZONE writes it in its log (its wall clock, milliseconds, no offset). */
function hostileLogTime(ms = Date.now()): string {
  return new Date(ms + HOSTILE_OFFSET_MS).toISOString().slice(0, 23).replace('T', ' ');
}

/** Seconds shown by the ticking clock (`M:SS`, `H:MM:SS`). */
function clockSeconds(text: string): number {
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function expectedOnline(data: Report): string[] {
  return data.servers.flatMap((s) => s.online.map((u) => `${s.source}|${s.server}|${u.session}|${u.name}`)).sort();
}

async function shownOnline(page: Page): Promise<string[]> {
  return (await onlineRows(page)).map((r) => `${r.source}|${r.server}|${r.session}|${r.name}`).sort();
}

/** Waits until the table settles on the expected rows (the page may load while backfill still runs). */
async function waitForOnline(page: Page, expected: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let shown = await shownOnline(page);
  while (JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    shown = await shownOnline(page);
  }
  return shown;
}

describe('dashboard in Chromium against serve', { timeout: 120_000 }, () => {
  let work: string;
  let hostileLog: string;
  let sources: Source[];
  let server: RunningServer;
  let browser: BrowserSession;
  let page: Page;
  let problems: PageProblems;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'murmur-browser-'));
    hostileLog = join(work, 'hostile.log');
    copyFileSync('test/fixtures/browser/hostile.log', hostileLog);
    // A month of seeded, realistic Murmur 1.5 traffic with odd names, rotated and gzipped like logrotate does.
    const synthetic = join(work, 'synthetic.log');
    await writeSyntheticLog(synthetic, { seed: 5, days: 30, style: '1.5', startDate: '2026-10-28' }, { rotate: true });
    sources = [
      { name: 'hostile', path: hostileLog },
      { name: 'real', path: 'test/fixtures/real/murmur-1.3.log' },
      { name: 'synthetic', path: synthetic },
    ];
    server = await serve(sources, [
      '--ini',
      'hostile=test/fixtures/browser/hostile.ini',
      '--timezone',
      `hostile=${HOSTILE_ZONE}`,
      // Samples every second, so the performance panel has readings within the test's lifetime.
      '--cpu-interval',
      '1',
      '--net-interval',
      '1',
      '--interface',
      'lo',
      '--alias',
      'lo=Loopback',
    ]);
    browser = await launchBrowser({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await browser.context.newPage();
    problems = await watchProblems(page);
    await page.goto(server.url);
    await page.waitForSelector('html[data-renders]', { timeout: 15_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the online table shows exactly the users the report gives', async () => {
    const expected = expectedOnline(await report(sources));
    assert.ok(expected.length >= 4, 'the fixtures have users online');
    assert.deepEqual(await waitForOnline(page, expected, 10_000), expected);
  });

  test('the logins chart draws the report days', async () => {
    const days = new Map<string, { logins: number; uniqueUsers: number; peakOnline: number }>();
    for (const day of (await report(sources)).servers.flatMap((s) => s.days)) {
      const total = days.get(day.date) ?? { logins: 0, uniqueUsers: 0, peakOnline: 0 };
      total.logins += day.logins;
      total.uniqueUsers += day.uniqueUsers;
      total.peakOnline += day.peakOnline;
      days.set(day.date, total);
    }
    const series = await chartSeries(page, 'logins-chart');
    assert.deepEqual(series.map((s) => s.label), ['Logins', 'Unique users', 'Peak online']);
    const keys = ['logins', 'uniqueUsers', 'peakOnline'] as const;
    const newest = [...days.keys()].sort().at(-1);
    series.forEach((s, i) => {
      assert.equal(s.data.length, 30, 'thirty days by default');
      assert.equal(localDay(s.data.at(-1)?.x ?? 0), newest, 'the window ends on the newest day of the logs');
      for (const point of s.data) {
        const date = localDay(point.x);
        const total = days.get(date);
        // Days without a line in any log are drawn as zero.
        assert.equal(point.y, total ? total[keys[i] ?? 'logins'] : 0, `${s.label} on ${date}`);
      }
    });
    const range = page.getByRole('group', { name: 'Days shown' });
    await range.getByRole('button', { name: '7 days' }).click();
    assert.equal((await chartSeries(page, 'logins-chart'))[0]?.data.length, 7);
    await range.getByRole('button', { name: '30 days' }).click();
  });

  test('hostile names are literal text and create no elements', async () => {
    for (const name of HOSTILE_NAMES) {
      assert.ok((await page.getByText(name, { exact: true }).count()) >= 1, `${name} shown as text`);
    }
    assert.equal(await countElements(page, 'img'), 0);
    assert.equal(await countElements(page, 'b'), 0);
  });

  test('time online counts from the log time read in the zone given with --timezone', async () => {
    const joined = Date.now() - 90 * 60_000;
    const at = hostileLogTime(joined);
    appendFileSync(hostileLog, `<W>${at} 1 => <77:(-1)> New connection: 198.51.100.77:50077\n<W>${at} 1 => <77:zoned-clock(-1)> Authenticated\n`);
    const row = page.locator('#online-table tr[data-source="hostile"][data-session="77"]');
    await row.waitFor({ timeout: 5000 });
    try {
      const cells = (await onlineRows(page)).find((r) => r.source === 'hostile' && r.session === 77)?.cells ?? [];
      const expected = (Date.now() - joined) / 1000;
      const shown = clockSeconds(cells[5] ?? '');
      // Read in the viewer's zone instead, the start would lie 14 hours off and the clock show 0:00 or 15:30:00.
      assert.ok(Math.abs(shown - expected) <= 5, `time online ${cells[5]} for a login 90 minutes ago (expected ${Math.round(expected)} s)`);
      assert.ok(cells[4]?.endsWith(at.slice(11, 16)), `since ${cells[4]} is the log's own wall time ${at}`);
      assert.equal(await row.locator('td').nth(4).getAttribute('title'), `${at.replace(' ', 'T')} (${HOSTILE_ZONE})`);
    } finally {
      appendFileSync(hostileLog, `<W>${hostileLogTime()} 1 => <77:zoned-clock(-1)> Connection closed: The remote host closed the connection [1]\n`);
      await row.waitFor({ state: 'detached', timeout: 5000 });
    }
  });

  // How fast it comes is the latency benchmark's job (bench/latency.bench.ts), not a timed test's.
  test('a live join appears and a leave removes the row', async () => {
    appendFileSync(
      hostileLog,
      `<W>${hostileLogTime()} 1 => <9:(-1)> New connection: 198.51.100.99:50099\n<W>${hostileLogTime()} 1 => <9:newcomer(-1)> Authenticated\n`,
    );
    const row = page.locator('#online-table td.name', { hasText: 'newcomer' });
    await row.waitFor({ timeout: 10_000 });
    appendFileSync(hostileLog, `<W>${hostileLogTime()} 1 => <9:newcomer(-1)> Connection closed: The remote host closed the connection [1]\n`);
    await row.waitFor({ state: 'detached', timeout: 10_000 });
  });

  test('sorting by column and filtering by name', async () => {
    const header = page.locator('#online-table th[data-key="session"]');
    await header.getByRole('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const ascending = (await columnTexts(page, 'online-table', 2)).map(Number);
    assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
    await header.getByRole('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const descending = (await columnTexts(page, 'online-table', 2)).map(Number);
    assert.deepEqual(descending, [...ascending].sort((a, b) => b - a));
    assert.equal(await page.locator('#online-table th[data-key="name"]').getAttribute('aria-sort'), 'none');

    const matching = (await report(sources))
      .servers.flatMap((s) => s.online.map((u) => u.name))
      .filter((name) => name.toLowerCase().includes('bo'))
      .sort();
    assert.ok(matching.length >= 2 && matching.length < (await onlineRows(page)).length, 'the filter narrows the list');
    await page.fill('#online-filter', 'BO');
    try {
      assert.deepEqual((await onlineRows(page)).map((r) => r.name).sort(), matching);
    } finally {
      await page.fill('#online-filter', '');
    }
  });

  test('the server filter applies to every panel', async () => {
    const all = await report(sources);
    const hostile2 = all.servers.find((s) => s.source === 'hostile' && s.server === 2);
    assert.ok(hostile2);
    await page.selectOption('#filter', { label: 'hostile · 2' });
    assert.deepEqual(await shownOnline(page), expectedOnline({ servers: [hostile2] }));
    assert.deepEqual(
      (await page.locator('#server-counts li').allTextContents()).map((t) => t.replace(/\s+/g, ' ')),
      [`hostile · 2${hostile2.online.length}`],
    );
    const logins = (await chartSeries(page, 'logins-chart'))[0]?.data ?? [];
    const drawnTotal = logins.reduce((sum, p) => sum + (p.y ?? 0), 0);
    assert.equal(drawnTotal, hostile2.days.reduce((sum, d) => sum + d.logins, 0));
    await page.waitForFunction(
      `[...document.querySelectorAll('#sessions-table tbody tr td:nth-child(2)')].every((td) => td.textContent === 'hostile · 2')`,
      undefined,
      { timeout: 5000 },
    );
    assert.ok((await columnTexts(page, 'sessions-table', 0)).includes('dave'), 'finished session of server 2 listed');
    await page.selectOption('#filter', { label: 'hostile: all virtual servers' });
    assert.match((await page.locator('#gauge').getAttribute('aria-label')) ?? '', /online of 20 slots/, 'capacity from the ini');
    await page.selectOption('#filter', { label: 'All servers' });
    assert.deepEqual(await shownOnline(page), expectedOnline(all));
    assert.match((await page.locator('#gauge').getAttribute('aria-label')) ?? '', /30-day peak/, 'no capacity for the real source');
  });

  test('a #source=&server= fragment (tray menu, notification click) filters the dashboard', async () => {
    const hostile2 = (await report(sources)).servers.find((s) => s.source === 'hostile' && s.server === 2);
    assert.ok(hostile2);
    await page.evaluate(`window.location.hash = 'source=hostile&server=2'`);
    await page.waitForFunction(`document.querySelector('#filter').selectedOptions[0]?.textContent === 'hostile · 2'`, undefined, {
      timeout: 5000,
    });
    assert.deepEqual(await shownOnline(page), expectedOnline({ servers: [hostile2] }));
    await page.selectOption('#filter', { label: 'All servers' });
  });

  test('the sort buttons work from the keyboard with a visible focus', async () => {
    const button = page.locator('#online-table th[data-key="account"] button');
    await button.focus();
    const outline = await button.evaluate('(el) => getComputedStyle(el).outlineStyle');
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#online-table th[data-key="account"]').getAttribute('aria-sort'), 'ascending');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.closest("th")?.dataset.key'), 'since');
  });

  test('the performance panel shows readings from serve', async () => {
    await page.locator('#perf-now li').first().waitFor({ timeout: 10_000 });
    assert.ok((await page.locator('#perf-now').textContent())?.includes('CPU'));
    const cpu = await chartSeries(page, 'cpu-chart');
    assert.deepEqual(cpu.map((s) => s.label), ['Host CPU', 'Murmur CPU', 'Murmur memory']);
    assert.ok((cpu[0]?.data.length ?? 0) > 0, 'CPU readings drawn');
    const labels = (await chartSeries(page, 'net-chart')).map((s) => s.label);
    assert.ok(labels.includes('Loopback in'), `interface alias used: ${labels.join(', ')}`);
    // Loopback carries this test's own traffic, so the day's totals are above zero.
    const moved = page.locator('#perf-now li', { hasText: 'Loopback moved' });
    await moved.waitFor({ timeout: 10_000 });
    assert.match((await moved.textContent()) ?? '', /today ↓ \d[\d.]* (B|KB|MB|GB)\s+↑ .* · 30 days ↓ .*B/);
    const range = page.getByRole('group', { name: 'Period shown' });
    await range.getByRole('button', { name: '30 days' }).click();
    // serve samples every second, so the 30-day series holds this hour's bucket once it has been fetched.
    await page.locator('#net-caption', { hasText: 'hourly' }).waitFor({ timeout: 5000 });
    // Hourly buckets are averages: each carries its highest reading for the tooltip.
    const hourly = (await chartSeries(page, 'cpu-chart'))[0]?.data ?? [];
    const peaks = hourly.filter((point) => typeof point.peak === 'number');
    assert.ok(peaks.length > 0, 'hourly points carry their peak');
    assert.ok(peaks.every((point) => (point.peak ?? 0) >= (point.y ?? 0)), 'a peak is never below its average');
    await range.getByRole('button', { name: '24 hours' }).click();
    assert.equal(await page.locator('#perf-empty').isHidden(), true, 'back to the 24-hour readings');
  });

  test('the security panel lists failed logins with their reasons, one kind at a time', async () => {
    const chip = page.locator('#security-summary button', { hasText: 'Failed logins' });
    await chip.click();
    assert.equal(await chip.getAttribute('aria-pressed'), 'true');
    const kinds = new Set(await columnTexts(page, 'security-table', 1));
    assert.deepEqual([...kinds], ['failed login']);
    const reasons = await columnTexts(page, 'security-table', 3);
    assert.ok(reasons.includes('Wrong certificate or password for existing user'), 'reason from the hostile log');
    assert.ok((await columnTexts(page, 'security-table', 2)).some((who) => who.startsWith('<b>bold</b>')), 'hostile name as text');
    await chip.click();
    assert.equal(await chip.getAttribute('aria-pressed'), 'false');
  });

  test('last seen finds any name, hostile ones as text', async () => {
    await page.fill('#last-seen-name', '<b>bold</b>');
    await page.getByRole('button', { name: 'Last seen' }).click();
    const result = page.locator('#last-seen-result li', { hasText: '<b>bold</b>' });
    await result.first().waitFor({ timeout: 5000 });
    assert.match((await result.first().textContent()) ?? '', /online now/);
    await page.fill('#last-seen-name', 'nobody-by-this-name');
    await page.getByRole('button', { name: 'Last seen' }).click();
    await page.locator('#last-seen-result', { hasText: 'Nobody called' }).waitFor({ timeout: 5000 });
    assert.equal(await countElements(page, 'b'), 0);
  });

  test('export buttons download CSV', async () => {
    for (const [button, expected] of [
      ['#export-sessions', 'dave'],
      ['#export-days', '2026-11-24'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), page.click(button)]);
      assert.match(download.suggestedFilename(), /\.csv$/);
      const path = await download.path();
      const text = readFileSync(path, 'utf8');
      assert.ok(text.split('\n').length > 2, 'a header and rows');
      assert.ok(text.includes(expected), `${button} has ${expected}`);
    }
  });

  test('screenshots of every view in light and dark', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1280, height: 900 });
      // The bar is sticky: scrolled away from the top it would land mid-page in a full-page shot.
      await page.evaluate('window.scrollTo(0, 0)');
      await page.waitForTimeout(100);
      await page.screenshot({ path: `${SCREENSHOTS}/dashboard-${scheme}.png`, fullPage: true });
      const panels = await page.locator('main > section.card').all();
      for (const [index, panel] of panels.entries()) {
        const id = (await panel.getAttribute('aria-labelledby'))?.replace(/-title$/, '') ?? String(index);
        await panel.screenshot({ path: `${SCREENSHOTS}/panel-${id}-${scheme}.png` });
      }
      await page.setViewportSize({ width: 800, height: 900 });
      await page.evaluate('window.scrollTo(0, 0)');
      await page.waitForTimeout(100);
      await page.screenshot({ path: `${SCREENSHOTS}/dashboard-800px-${scheme}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  // Last but one: the boot line closes every session of the hostile log.
  test('a restart written to a live log is marked on the performance charts at its instant', async () => {
    const written = Date.now();
    // The hostile log is in Pacific/Kiritimati (UTC+14, no DST): its line carries that wall clock.
    appendFileSync(hostileLog, `<W>${hostileLogTime(written)} Murmur 1.3.4 (1.3.4-4) running on X11: test: Booting servers\n`);
    const near = (markers: Marker[]): Marker[] => markers.filter((marker) => Math.abs(marker.x - written) < 2000);
    for (const canvas of ['net-chart', 'cpu-chart']) {
      let recent: Marker[] = [];
      await waitUntil(
        async () => {
          recent = near(JSON.parse((await page.locator(`#${canvas}`).getAttribute('data-markers')) ?? '[]') as Marker[]);
          return recent.length >= 2 ? true : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 100, what: `markers on ${canvas}` },
      );
      assert.deepEqual(
        recent.map(({ label, severe }) => ({ label, severe })),
        [
          { label: 'crash', severe: true },
          { label: 'boot', severe: false },
        ],
        `${canvas}: the crash (users were online) and the boot, at the instant written`,
      );
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('section[aria-labelledby="perf-title"]').screenshot({ path: `${SCREENSHOTS}/panel-perf-restart-marked.png` });
  });

  test('a shutdown in a live log shows at a glance that Murmur is down', async () => {
    appendFileSync(hostileLog, `<W>${hostileLogTime()} Shutting down\n`);
    const down = page.locator('#source-states li.murmur-stopped', { hasText: 'hostile' });
    await down.waitFor({ timeout: 15_000 });
    assert.match((await down.locator('.murmur-down').textContent()) ?? '', /^Murmur stopped since \d\d:\d\d$/);
    assert.equal(await down.locator('.murmur-down').evaluate('(el) => getComputedStyle(el).color'), await down.locator('.dot').evaluate('(el) => getComputedStyle(el).backgroundColor'), 'said in the colour of its red dot');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.locator('section.glance').screenshot({ path: `${SCREENSHOTS}/panel-glance-murmur-stopped.png` });
  });

  test('no console errors, page errors, dialogs or CSP violations', () => {
    assert.deepEqual(problems.list, []);
  });
});
