import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { dockerRoot, findContainer } from '../../main/core/source/docker/docker-container.js';
import { DockerJsonLog, dockerJsonString, dockerTime } from '../support/docker-json-log.js';

const root = mkdtempSync(join(tmpdir(), 'mm-docker-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a container is found by name, whole id or unique id prefix; its log is ID-json.log under the root', async () => {
  const murmur = new DockerJsonLog({ root, name: 'murmur' });
  new DockerJsonLog({ root, name: 'other' });
  for (const reference of ['murmur', '/murmur', murmur.id, murmur.id.slice(0, 12)]) {
    const found = await findContainer(reference, root);
    assert.equal(found.id, murmur.id, reference);
    assert.equal(found.name, 'murmur');
    assert.equal(found.logPath, join(root, 'containers', murmur.id, `${murmur.id}-json.log`));
  }
  await assert.rejects(findContainer('nobody', root), /no Docker container named "nobody" in .*containers/);
  await assert.rejects(findContainer('x', join(root, 'missing')), /does not exist: Docker is not installed here, or keeps its data elsewhere \(set MURMUR_MONITOR_DOCKER_ROOT/);
  assert.equal(dockerRoot({}), '/var/lib/docker');
  assert.equal(dockerRoot({ MURMUR_MONITOR_DOCKER_ROOT: '/srv/docker' }), '/srv/docker');
});

test('another log driver: an error that says what to change', async () => {
  new DockerJsonLog({ root, name: 'syslogged', driver: 'syslog' });
  await assert.rejects(findContainer('syslogged', root), /syslog log driver, which keeps no json-file log to read; start it with `--log-driver json-file`/);
  const journald = new DockerJsonLog({ root, name: 'journaled', driver: 'journald' });
  await assert.rejects(findContainer('journaled', root), new RegExp(`use --source NAME=journal:${journald.id.slice(0, 12)}`));
});

test('an ambiguous id prefix is refused', async () => {
  const own = mkdtempSync(join(root, 'ambiguous-'));
  new DockerJsonLog({ root: own, name: 'a', id: `abc1${'0'.repeat(60)}` });
  new DockerJsonLog({ root: own, name: 'b', id: `abc2${'0'.repeat(60)}` });
  await assert.rejects(findContainer('abc', own), /"abc" is the start of 2 container ids: give more of the id, or the name/);
  assert.equal((await findContainer('abc2', own)).name, 'b');
});

test('the test writer writes what Docker writes: escaping, time, 16 KiB pieces, rotation with compress', () => {
  assert.equal(dockerJsonString(Buffer.from('<W>a & "b"\t\\\n')), '"\\u003cW\\u003ea \\u0026 \\"b\\"\\u0009\\\\\\n"');
  assert.equal(dockerJsonString(Buffer.from([0x61, 0xff, 0x62])), '"a\\ufffdb"');
  assert.equal(dockerJsonString(Buffer.from('x\u2028y')), '"x\\u2028y"');
  assert.equal(dockerTime(Date.UTC(2026, 10, 27, 13, 11, 15, 961), 817_000), '2026-11-27T13:11:15.961817Z');
  assert.equal(dockerTime(Date.UTC(2026, 10, 27, 13, 11, 15, 0), 0), '2026-11-27T13:11:15Z');

  const own = mkdtempSync(join(root, 'writer-'));
  const log = new DockerJsonLog({ root: own, name: 'w', maxSize: 40_000, maxFile: 3, compress: true });
  log.write('stderr', Buffer.from(`${'a'.repeat(20_000)}\nshort\n`));
  const records = readFileSync(log.logPath, 'utf8').split('\n').slice(0, -1).map((line) => JSON.parse(line) as { log: string; stream: string; time: string });
  assert.deepEqual(records.map((record) => record.log.length), [16_384, 20_000 - 16_384 + 1, 6]);
  assert.ok(!records[0]?.log.endsWith('\n') && records[1]?.log.endsWith('\n'), 'a partial piece has no newline; the last piece has it');
  assert.ok(records.every((record) => record.stream === 'stderr' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(record.time)));
  log.write('stdout', Buffer.from(`${'b'.repeat(30_000)}\n`));
  log.write('stdout', Buffer.from('after\n'));
  assert.deepEqual(log.rotations(), [`${log.logPath}.1.gz`]);
  const rotated = gunzipSync(readFileSync(`${log.logPath}.1.gz`)).toString('utf8');
  assert.equal(rotated.split('\n').length - 1, 5, 'the rotated file holds every record written before the rotation');
  assert.match(readFileSync(log.logPath, 'utf8'), /^\{"log":"after\\n","stream":"stdout","time":"[^"]+"\}\n$/);
});
