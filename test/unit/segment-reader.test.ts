import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { listSegments as listSourceFiles } from '../../main/core/source/file-segments.js';
import { openSource } from '../../main/core/source/open-source.js';
import { readSegment } from '../../main/core/source/segment-reader.js';
import { describeFileError, SourceReadError } from '../../main/core/source/source-errors.js';
import { SourceTracker } from '../../main/core/murmur/tracker.js';
import { generateSyntheticLog } from '../../main/core/synthetic/log.js';
import { line, userLine } from '../fixtures/logs/build.js';

const dir = mkdtempSync(join(tmpdir(), 'murmur-reader-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Collects lines as a tracker would receive them. */
function collector(): { feedBytes(bytes: Buffer, start: number, end: number): void; countUnparsed(count: number): void; lines: string[]; dropped: number } {
  const sink = {
    lines: [] as string[],
    dropped: 0,
    feedBytes: (bytes: Buffer, start: number, end: number) => sink.lines.push(bytes.toString('utf8', start, end)),
    countUnparsed: (count: number) => {
      sink.dropped += count;
    },
  };
  return sink;
}

test('rotations come oldest first, .gz or plain; the plain one wins while logrotate compresses', async () => {
  const base = join(dir, 'order', 'mumble-server.log');
  await mkdir(join(dir, 'order'));
  for (const name of ['mumble-server.log', 'mumble-server.log.1', 'mumble-server.log.2.gz', 'mumble-server.log.10.gz', 'mumble-server.log.3', 'mumble-server.log.3.gz']) {
    await writeFile(join(dir, 'order', name), '');
  }
  // Not rotations of this source:
  for (const name of ['mumble-server.log.old', 'mumble-server.log.0', 'other.log.1', 'mumble-server.log.2.gz.tmp']) await writeFile(join(dir, 'order', name), '');
  const files = await listSourceFiles(base);
  assert.deepEqual(
    files.map((file) => [file.path.slice(dir.length + 7), file.gzip, file.rotation]),
    [
      ['mumble-server.log.10.gz', true, 10],
      ['mumble-server.log.3', false, 3],
      ['mumble-server.log.2.gz', true, 2],
      ['mumble-server.log.1', false, 1],
      ['mumble-server.log', false, 0],
    ],
  );
});

test('a missing live file is fine when rotations exist; nothing at all is a clear error', async () => {
  await mkdir(join(dir, 'gone'));
  await writeFile(join(dir, 'gone', 'murmur.log.1'), '');
  assert.deepEqual((await listSourceFiles(join(dir, 'gone', 'murmur.log'))).map((file) => file.rotation), [1]);
  await assert.rejects(listSourceFiles(join(dir, 'gone', 'other.log')), (error: unknown) => {
    assert.ok(error instanceof SourceReadError);
    assert.match(error.message, /other\.log: no such file/);
    return true;
  });
  await assert.rejects(listSourceFiles(join(dir, 'no-folder', 'murmur.log')), /no-folder\/murmur\.log: no such file/);
  await assert.rejects(listSourceFiles(join(dir, 'gone')), /is a directory/);
});

test('permission errors name the file and the adm group', () => {
  const error = describeFileError('/var/log/mumble-server/mumble-server.log', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
  assert.equal(error.code, 'EACCES');
  assert.match(error.message, /^\/var\/log\/mumble-server\/mumble-server\.log: permission denied/);
  assert.match(error.message, /adm group/);
  assert.match(error.message, /usermod -aG adm/);
});

test('a .gz rotation is read through gunzip, then the plain files, in order; CRLF and a missing final newline too', async () => {
  await mkdir(join(dir, 'read'));
  const path = join(dir, 'read', 'murmur.log');
  await writeFile(`${path}.2.gz`, gzipSync(`${line('10:00:00', 'oldest')}\r\n${line('10:00:01', 'older')}\r\n`));
  await writeFile(`${path}.1`, `${line('10:00:02', 'old')}\n`);
  await writeFile(path, `${line('10:00:03', 'live')}\n${line('10:00:04', 'unterminated')}`);
  const sink = collector();
  await openSource(path).readAll(sink);
  assert.deepEqual(
    sink.lines.map((text) => text.slice(27)),
    ['oldest', 'older', 'old', 'live', 'unterminated'],
  );
});

test('invalid UTF-8 and a 1 MB line are dropped and counted, the rest is read, in both read modes', async () => {
  await mkdir(join(dir, 'bad'));
  const path = join(dir, 'bad', 'murmur.log');
  const good = userLine('10:00:00', 1, 3, 'Zoë 🎧', 5, 'Authenticated');
  await writeFile(path, Buffer.concat([Buffer.from(`${good}\n`), Buffer.from([0x3c, 0xff, 0xfe, 0x0a]), Buffer.alloc(1024 * 1024, 'x'), Buffer.from(`\n${line('10:00:01', 'after')}\n`)]));
  const sink = collector();
  await readSegment({ path, gzip: false, rotation: 0 }, 0, sink);
  assert.deepEqual(sink.lines, [good, line('10:00:01', 'after')]);
  assert.equal(sink.dropped, 2);
  // The tracker reads through the fast (byte) path: names come out as UTF-8 all the same.
  const tracker = new SourceTracker('bad');
  await readSegment({ path, gzip: false, rotation: 0 }, 0, tracker);
  assert.deepEqual(tracker.report()[0]?.online.map((user) => user.name), ['Zoë 🎧']);
  assert.deepEqual([tracker.linesRead, tracker.unparsedLines], [4, 2]);
});

test('a damaged .gz is an error naming the file', async () => {
  await mkdir(join(dir, 'gz'));
  const path = join(dir, 'gz', 'murmur.log.2.gz');
  await writeFile(path, Buffer.from('not gzip at all'));
  await assert.rejects(readSegment({ path, gzip: true, rotation: 2 }, 0, collector()), (error: unknown) => {
    assert.ok(error instanceof SourceReadError);
    assert.ok(error.message.startsWith(path));
    return true;
  });
});

test('a file of several read buffers, plain or .gz, gives the tracker what line-by-line feeding gives', async () => {
  await mkdir(join(dir, 'big'));
  const { text } = generateSyntheticLog({ seed: 5, days: 12, style: '1.5', loginsPerDay: 300 });
  assert.ok(Buffer.byteLength(text) > 2.5 * 1024 * 1024, 'more than two 1 MiB reads');
  const byLine = new SourceTracker('big');
  for (const part of text.split('\n')) byLine.feed(part);
  const plain = join(dir, 'big', 'murmur.log');
  await writeFile(plain, text);
  await writeFile(`${plain}.1.gz`, gzipSync(text));
  for (const file of [{ path: plain, gzip: false, rotation: 0 }, { path: `${plain}.1.gz`, gzip: true, rotation: 1 }]) {
    const tracker = new SourceTracker('big');
    assert.equal(await readSegment(file, 0, tracker), Buffer.byteLength(text));
    assert.deepEqual(tracker.toState(), byLine.toState(), file.path);
  }
});

test('a read stopped between chunks ends without an error at a line start, and resumes from there, plain or .gz', async () => {
  await mkdir(join(dir, 'stop'));
  const text = Array.from({ length: 300_000 }, (_, i) => `line ${i}`).join('\n') + '\n';
  const plain = join(dir, 'stop', 'murmur.log');
  await writeFile(plain, text);
  await writeFile(`${plain}.1.gz`, gzipSync(text));
  for (const segment of [{ path: plain, gzip: false, rotation: 0 }, { path: `${plain}.1.gz`, gzip: true, rotation: 1 }]) {
    const sink = collector();
    let chunks = 0;
    const stoppedAt = await readSegment(segment, 0, sink, { afterChunk: () => void (chunks += 1), stopped: () => chunks >= 1 });
    assert.ok(stoppedAt > 0 && stoppedAt < Buffer.byteLength(text), `${segment.path}: stopped inside the file (${stoppedAt})`);
    assert.equal(text[stoppedAt - 1], '\n', 'at a line start');
    assert.equal(await readSegment(segment, stoppedAt, sink), Buffer.byteLength(text));
    assert.equal(sink.lines.length, 300_000, segment.path);
    assert.deepEqual([sink.lines[0], sink.lines.at(-1)], ['line 0', 'line 299999']);
  }
});
