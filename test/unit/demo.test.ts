// The demo: the committed sample, its shift to today, and the live joins and leaves appended after it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DemoTraffic } from '../../main/core/demo/demo-traffic.js';
import { DEMO_LOG_NAME, DEMO_SAMPLE_PATH, startDemo } from '../../main/core/demo/demo.js';
import { shiftSample } from '../../main/core/demo/sample-shift.js';
import { localLogTime } from '../../main/log-time.js';
import { parseLine, type ParsedLine } from '../../main/core/murmur/parser.js';
import { ODD_NAMES, Random } from '../../main/core/synthetic/people.js';
import { SourceTracker } from '../../main/core/murmur/tracker.js';
import { waitUntil } from '../support/wait-until.js';

const linesOf = (text: string) => text.split('\n').filter((line) => line.length > 0);
const dateOf = (line: string) => line.slice(3, 13);

describe('demo sample log', () => {
  it('is several weeks of two virtual servers with restarts and odd names, every line readable', async () => {
    const text = await readFile(DEMO_SAMPLE_PATH, 'utf8');
    assert.ok(Buffer.byteLength(text) < 2_000_000, 'small enough to ship');
    const parsed = linesOf(text).map(parseLine);
    assert.equal(parsed.filter((line) => line.kind === 'unparsed').length, 0);
    const dates = new Set(linesOf(text).map(dateOf));
    assert.ok(dates.size >= 14, `${dates.size} days`);
    const servers = new Set(parsed.flatMap((line) => ('server' in line ? [line.server] : [])));
    assert.deepEqual([...servers].sort(), [1, 2]);
    assert.ok(parsed.filter((line) => line.kind === 'boot').length >= 2, 'Murmur restarts at least once');
    const names = new Set(parsed.flatMap((line) => (line.kind === 'authenticated' ? [line.name] : [])));
    assert.ok(ODD_NAMES.filter((name) => names.has(name)).length >= 5, 'hostile names log in');
  });
});

describe('shiftSample', () => {
  const sample = [
    '<W>2026-10-01 20:00:00.000 1 => Server listening on [::]:64738',
    '<W>2026-10-03 09:15:00.500 1 => <1:alice(-1)> Authenticated',
    '<W>2026-10-03 21:00:00.000 1 => <1:alice(-1)> Connection closed: The remote host closed the connection [1]',
    '',
  ].join('\n');

  it('moves every line by the same whole number of days so the last day is today', () => {
    const shifted = shiftSample(sample, '2026-11-27T23:59:59.999');
    assert.equal(shifted.days, 55);
    assert.deepEqual(linesOf(shifted.text).map((line) => line.slice(0, 27)), [
      '<W>2026-11-25 20:00:00.000 ',
      '<W>2026-11-27 09:15:00.500 ',
      '<W>2026-11-27 21:00:00.000 ',
    ]);
    assert.equal(linesOf(shifted.text)[1], '<W>2026-11-27 09:15:00.500 1 => <1:alice(-1)> Authenticated');
  });

  it('leaves out what would still lie in the future', () => {
    const shifted = shiftSample(sample, '2026-11-27T13:40:00.000');
    assert.equal(shifted.lines, 2);
    assert.equal(shifted.lastTime, '2026-11-27T09:15:00.500');
    assert.ok(!shifted.text.includes('Connection closed'));
  });

  it('crosses month and year ends', () => {
    const shifted = shiftSample(sample, '2027-01-01T22:00:00.000');
    assert.equal(dateOf(linesOf(shifted.text)[0] ?? ''), '2026-12-30');
  });
});

describe('DemoTraffic', () => {
  it('writes joins and leaves the engine tracks to the same crowd, within each server range', async () => {
    const sample = shiftSample(await readFile(DEMO_SAMPLE_PATH, 'utf8'), '2026-11-27T13:00:00.000');
    const traffic = DemoTraffic.continuing(linesOf(sample.text), new Random(7));
    const tracker = new SourceTracker('demo');
    for (const line of linesOf(sample.text)) tracker.feed(line);
    let ms = Date.parse('2026-11-27T13:00:05.000Z');
    const kinds = new Map<string, number>();
    for (let event = 0; event < 400; event += 1) {
      ms += 3_000;
      for (const line of traffic.next(new Date(ms).toISOString().slice(0, 23))) {
        const parsed = parseLine(line);
        kinds.set(parsed.kind, (kinds.get(parsed.kind) ?? 0) + 1);
        tracker.apply(parsed);
      }
      if (event % 50 === 0 || event === 399) {
        for (const server of tracker.report()) {
          assert.equal(server.online.length, traffic.online(server.server), `server ${server.server} after ${event} events`);
          assert.ok(server.online.length <= 14);
        }
      }
    }
    assert.ok((kinds.get('authenticated') ?? 0) > 100 && (kinds.get('closed') ?? 0) > 100, JSON.stringify([...kinds]));
    assert.equal(kinds.get('unparsed'), undefined);
  });

  it('starts Murmur again first when the log left it stopped', () => {
    const stoppedLog = ['<W>2026-11-27 10:00:00.000 1 => Server listening on [::]:64738', '<W>2026-11-27 10:00:05.000 Shutting down'];
    const traffic = DemoTraffic.continuing(stoppedLog, new Random(1));
    assert.equal(traffic.stopped, true);
    const kinds = traffic.next('2026-11-27T10:01:00.000').map((line) => parseLine(line).kind);
    assert.ok(kinds.includes('boot') && kinds.includes('listening'), kinds.join());
    assert.equal(traffic.stopped, false);
  });
});

describe('startDemo', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  // A clock that moves 3 s per reading, starting at a fixed afternoon.
  const clock = () => {
    let ms = new Date(2026, 10, 27, 13, 40, 0).getTime();
    return () => new Date((ms += 3_000));
  };

  it('copies the sample shifted to today, appends joins and leaves, and stops appending on stop()', async () => {
    const now = clock();
    const demo = await startDemo(dir, { now, random: new Random(3), delayMs: { min: 2, max: 6 } });
    assert.equal(demo.source.path, join(dir, DEMO_LOG_NAME));
    const sampleText = await readFile(DEMO_SAMPLE_PATH, 'utf8');
    // The first clock reading (13:40:03) is the moment of the copy; appends may already have followed it.
    const expected = shiftSample(sampleText, localLogTime(new Date(2026, 10, 27, 13, 40, 3)));
    assert.ok((await readFile(demo.source.path, 'utf8')).startsWith(expected.text));
    const copied = linesOf(expected.text);
    const sample = linesOf(sampleText);
    assert.equal(dateOf(copied.at(-1) ?? ''), '2026-11-27', 'the last day is today');
    assert.ok((copied.at(-1) ?? '').slice(3, 26) <= '2026-11-27 13:40:03.000', 'nothing from the future');
    assert.ok(copied.length > sample.length * 0.9, 'only part of the last day is left out');
    assert.equal(copied[0]?.slice(26), sample[0]?.slice(26), 'the same lines, only the dates moved');
    assert.notEqual(dateOf(copied[0] ?? ''), dateOf(sample[0] ?? ''));

    await waitFor(async () => linesOf(await readFile(demo.source.path, 'utf8')).length >= copied.length + 30);
    await demo.stop();
    const appended = linesOf(await readFile(demo.source.path, 'utf8')).slice(copied.length).map(parseLine);
    const presence = appended.filter((line): line is ParsedLine & { kind: 'authenticated' | 'closed' } => line.kind === 'authenticated' || line.kind === 'closed');
    assert.ok(presence.some((line) => line.kind === 'authenticated') && presence.some((line) => line.kind === 'closed'));
    assert.ok(presence.every((line) => line.name.length > 0 && line.session > 0));
    assert.equal(appended.filter((line) => line.kind === 'unparsed').length, 0);

    const size = (await stat(demo.source.path)).size;
    await sleep(60);
    assert.equal((await stat(demo.source.path)).size, size, 'nothing is appended after stop()');
  });

  it('keeps an existing copy on the next start: Murmur stopped after its last line and starts again now', async () => {
    const before = await readFile(join(dir, DEMO_LOG_NAME), 'utf8');
    const demo = await startDemo(dir, { now: clock(), random: new Random(4), delayMs: { min: 1_000, max: 1_000 } });
    await demo.stop();
    const text = await readFile(demo.source.path, 'utf8');
    assert.ok(text.startsWith(before), 'history is not rewritten (the engine has counted it)');
    const lastBefore = parseLine(linesOf(before).at(-1) ?? '');
    const added = linesOf(text.slice(before.length)).map(parseLine);
    assert.ok(lastBefore.kind !== 'unparsed' && added[0]?.kind === 'shutdown');
    assert.equal(Date.parse(`${added[0].time}Z`) - Date.parse(`${lastBefore.time}Z`), 1_000, 'the shutdown follows the last line');
    const boot = added.find((line) => line.kind === 'boot');
    assert.equal(boot?.kind === 'boot' ? boot.time.slice(0, 19) : null, '2026-11-27T13:40:03', 'the restart is now');
  });

  it('stops appending at the size limit and reports a failed append', async () => {
    const limited = await mkdtemp(join(tmpdir(), 'demo-limit-'));
    const demo = await startDemo(limited, { now: clock(), random: new Random(5), delayMs: { min: 1, max: 2 }, maxBytes: 1 });
    await sleep(30);
    await demo.stop();
    const shifted = shiftSample(await readFile(DEMO_SAMPLE_PATH, 'utf8'), localLogTime(new Date(2026, 10, 27, 13, 40, 3)));
    assert.equal(await readFile(demo.source.path, 'utf8'), shifted.text);

    const errors: Error[] = [];
    await writeFile(join(limited, 'sample.log'), '<W>2026-11-27 10:00:00.000 1 => <1:alice(-1)> Authenticated\n');
    // The folder goes away well before the first append (200 ms later).
    const broken = await startDemo(join(limited, 'gone'), { samplePath: join(limited, 'sample.log'), now: clock(), random: new Random(6), delayMs: { min: 200, max: 200 }, onError: (error) => errors.push(error) });
    await rm(join(limited, 'gone'), { recursive: true });
    await waitFor(async () => errors.length > 0);
    await broken.stop();
    assert.match(errors[0]?.message ?? '', /ENOENT/);
    await rm(limited, { recursive: true, force: true });
  });

  it('never keeps the process alive by itself (its timers are unref\'d)', async () => {
    const script = `const { startDemo } = await import(${JSON.stringify(new URL('../../main/core/demo/demo.js', import.meta.url).href)});
      await startDemo(${JSON.stringify(join(dir, 'alive'))}, { delayMs: { min: 5, max: 10 } });`;
    const started = Date.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 10_000, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(Date.now() - started < 5_000);
  });

  it('says which file is missing when the sample cannot be read', async () => {
    await assert.rejects(startDemo(join(dir, 'other'), { samplePath: join(dir, 'no-such-sample.log') }), /cannot read the demo sample .*no-such-sample\.log/);
  });
});

function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<unknown> {
  return waitUntil(async () => ((await condition()) ? true : undefined), { timeoutMs, intervalMs: 10, what: 'the demo' });
}
