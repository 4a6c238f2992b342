import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DockerJsonLines } from '../../main/core/source/docker/docker-json-lines.js';
import { DockerSource } from '../../main/core/source/docker/docker-source.js';
import type { LineSink } from '../../main/core/source/source.js';
import { DockerJsonLog } from '../support/docker-json-log.js';

const root = mkdtempSync(join(tmpdir(), 'mm-docker-lines-'));
after(() => rmSync(root, { recursive: true, force: true }));

class Lines implements LineSink {
  lines: string[] = [];
  unparsed = 0;
  feedBytes(bytes: Buffer, start: number, end: number): void {
    this.lines.push(bytes.toString('utf8', start, end));
  }
  countUnparsed(lines: number): void {
    this.unparsed += lines;
  }
}

const feed = (sink: LineSink, record: string): void => {
  const bytes = Buffer.from(record);
  sink.feedBytes(bytes, 0, bytes.length);
};

test('pieces of a long line are joined; a joined line over the limit is dropped whole, counted once', () => {
  const out = new Lines();
  const docker = new DockerJsonLines(out, 10);
  feed(docker, '{"log":"\\u003cW\\u003e a","stream":"stderr","time":"2026-11-27T13:11:15.961817Z"}');
  feed(docker, '{"log":"b\\r\\n","stream":"stderr","time":"2026-11-27T13:11:15.962Z"}');
  feed(docker, '{"log":"0123456","stream":"stdout","time":"2026-11-27T13:11:16Z"}');
  feed(docker, '{"log":"789ab","stream":"stdout","time":"2026-11-27T13:11:16Z"}');
  feed(docker, '{"log":"cd\\n","stream":"stdout","time":"2026-11-27T13:11:16Z"}');
  feed(docker, 'not json');
  feed(docker, '{"stream":"stdout","time":"2026-11-27T13:11:16Z"}');
  feed(docker, '{"log":"\\n","stream":"stdout","time":"2026-11-27T13:11:16Z"}');
  docker.countUnparsed(2);
  assert.deepEqual(out.lines, ['<W> ab', '']);
  assert.equal(out.unparsed, 1 + 2 + 2, 'the overlong line once, the two records that are no log record, and what the splitter dropped');
});

test("report over a real json-file log: Murmur's lines come back as written, long ones and bad bytes included", async () => {
  const log = new DockerJsonLog({ root, name: 'lines', maxSize: 50_000, maxFile: 50, compress: true });
  const written: string[] = [];
  for (let i = 0; i < 400; i += 1) {
    const long = i % 97 === 5 ? 'x'.repeat(40_000) : '';
    const line = `<W>2026-11-27 13:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000 1 => <${i}:user & <b>${i}(-1)> Authenticated ${long}`;
    written.push(line);
    log.write(i % 2 === 0 ? 'stderr' : 'stdout', Buffer.from(`${line}\n`));
  }
  log.write('stderr', Buffer.from([0x61, 0xff, 0x62, 0x0a]));
  assert.ok(log.rotations().length >= 2, 'rotated');
  const out = new Lines();
  const summary = await new DockerSource('lines', root).readAll(out);
  assert.equal(summary.segments, log.rotations().length + 1);
  // Compared line by line: a failing deepEqual of lines this long takes minutes to print its diff.
  const expected = [...written, 'a\ufffdb'];
  assert.equal(out.lines.length, expected.length);
  const differs = expected.findIndex((line, index) => out.lines[index] !== line);
  assert.equal(differs, -1, `line ${differs}: ${out.lines[differs]?.slice(0, 200)}`);
  assert.equal(out.unparsed, 0);
  await assert.rejects(new DockerSource('missing', root).readAll(out), /docker:missing: no Docker container named "missing"/);
});
