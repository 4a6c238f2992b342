// JournalFollower against the real journal: journald started here when it does not run, entries written
// with systemd-cat under an identifier of the test's own, read through the real journalctl.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { JournalFollower, type JournalListener, type JournalState } from '../../main/core/source/journal/journal-follower.js';
import { journalArgs, unitName } from '../../main/core/source/journal/journalctl.js';
import { ensureJournald, freshIdentifier, writeToJournal } from '../support/journald.js';
import { waitUntil } from '../support/wait-until.js';

class Recorder implements JournalListener {
  text: Buffer[] = [];
  cursors: string[] = [];
  unparsedRecords = 0;
  caughtUpCount = 0;
  states: Array<{ state: JournalState; message?: string }> = [];
  data(text: Buffer, cursor: string): void {
    this.text.push(text);
    this.cursors.push(cursor);
  }
  unparsed(records: number): void {
    this.unparsedRecords += records;
  }
  caughtUp(): void {
    this.caughtUpCount += 1;
  }
  state(state: JournalState, message?: string): void {
    this.states.push(message === undefined ? { state } : { state, message });
  }
  lines(): string[] {
    return Buffer.concat(this.text).toString('utf8').split('\n').slice(0, -1);
  }
}

async function journalOrSkip(t: TestContext): Promise<boolean> {
  const reason = await ensureJournald();
  if (reason !== null) t.skip(reason);
  return reason === null;
}

function follow(t: TestContext, unit: string, recorder: Recorder, cursor: string | null = null): JournalFollower {
  const follower = new JournalFollower(unit, recorder, { cursor, retryMs: 200 });
  follower.start();
  t.after(() => follower.stop());
  return follower;
}

test('unit names: .service is optional; anything else that is not a unit name is refused', () => {
  assert.equal(unitName('mumble-server'), 'mumble-server');
  assert.equal(unitName('mumble-server.service'), 'mumble-server');
  assert.equal(unitName('murmur@main'), 'murmur@main');
  assert.throws(() => unitName('--all'), /not a systemd unit name/);
  assert.throws(() => unitName('a b'), /not a systemd unit name/);
  assert.throws(() => unitName(''), /not a systemd unit name/);
  assert.deepEqual(journalArgs('m', 's=1;i=2', true).slice(-5), ['--after-cursor=s=1;i=2', '--follow', '_SYSTEMD_UNIT=m.service', '+', 'SYSLOG_IDENTIFIER=m']);
});

test('history, then live; a new follower from the last cursor gets only what came after it', async (t) => {
  if (!(await journalOrSkip(t))) return;
  const unit = freshIdentifier('follow');
  writeToJournal(unit, 'one\ntwo\nthree\n');
  const first = new Recorder();
  const follower = follow(t, unit, first);
  await waitUntil(() => (first.caughtUpCount === 1 && first.lines().length === 3 ? true : undefined), { timeoutMs: 10_000, what: 'the history' });
  assert.deepEqual(first.lines(), ['one', 'two', 'three']);
  writeToJournal(unit, 'four\n');
  await waitUntil(() => (first.lines().length === 4 ? true : undefined), { timeoutMs: 10_000, what: 'a live entry' });
  assert.equal(first.states.at(-1)?.state, 'following');
  await follower.stop();
  const cursor = first.cursors.at(-1) ?? null;
  assert.equal(cursor, follower.cursor);

  writeToJournal(unit, 'five\n');
  const second = new Recorder();
  follow(t, unit, second, cursor);
  await waitUntil(() => (second.caughtUpCount === 1 ? true : undefined), { timeoutMs: 10_000, what: 'the second history' });
  assert.deepEqual(second.lines(), ['five']);
  writeToJournal(unit, 'six\n');
  await waitUntil(() => (second.lines().length === 2 ? true : undefined), { timeoutMs: 10_000, what: 'a live entry after resuming' });
  assert.deepEqual(second.lines(), ['five', 'six']);
});

test('bytes that are not UTF-8 arrive as they were written', async (t) => {
  if (!(await journalOrSkip(t))) return;
  const unit = freshIdentifier('bytes');
  writeToJournal(unit, Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0x63, 0x0a]));
  const recorder = new Recorder();
  follow(t, unit, recorder);
  await waitUntil(() => (recorder.caughtUpCount === 1 ? true : undefined), { timeoutMs: 10_000, what: 'the history' });
  assert.deepEqual(Buffer.concat(recorder.text), Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0x63, 0x0a]));
});

test('a unit with no entries yet waits, and follows once it writes', async (t) => {
  if (!(await journalOrSkip(t))) return;
  const unit = freshIdentifier('empty');
  const recorder = new Recorder();
  follow(t, unit, recorder);
  await waitUntil(() => (recorder.caughtUpCount === 1 ? true : undefined), { timeoutMs: 10_000, what: 'the (empty) history' });
  assert.deepEqual(recorder.states.at(-1), { state: 'waiting', message: `no journal entries from ${unit} yet` });
  writeToJournal(unit, 'first\n');
  await waitUntil(() => (recorder.lines().length === 1 ? true : undefined), { timeoutMs: 10_000, what: 'the first entry' });
  assert.equal(recorder.states.at(-1)?.state, 'following');
});

test('no journalctl: an error that says what to install', async (t) => {
  const recorder = new Recorder();
  const follower = new JournalFollower('mumble-server', recorder, { command: '/nonexistent/journalctl', retryMs: 60_000 });
  follower.start();
  t.after(() => follower.stop());
  const state = await waitUntil(() => recorder.states.at(-1), { timeoutMs: 5000, what: 'a state' });
  assert.equal(state.state, 'error');
  assert.match(state.message ?? '', /journalctl was not found: .*systemd package/);
});

test('a user who may not read the journal: an error with the group to join', async (t) => {
  if (!(await journalOrSkip(t))) return;
  if (process.getuid?.() !== 0) {
    t.skip('needs root to run journalctl as another user');
    return;
  }
  const unit = freshIdentifier('denied');
  writeToJournal(unit, 'secret\n');
  const recorder = new Recorder();
  const follower = new JournalFollower(unit, recorder, { user: { uid: 65534, gid: 65534 }, retryMs: 60_000 });
  follower.start();
  t.after(() => follower.stop());
  const state = await waitUntil(() => recorder.states.at(-1), { timeoutMs: 5000, what: 'a state' });
  assert.equal(state.state, 'error');
  assert.match(state.message ?? '', /may not read the system journal; add this user to the systemd-journal group/);
  assert.equal(recorder.lines().length, 0);
});
