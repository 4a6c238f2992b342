import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiArgumentError } from '../../main/api.js';
import { INVOKE_CHANNELS, parseInvokeArgs, type InvokeChannel } from '../../main/electron/ipc-contract.js';
import {
  checkSender,
  isAppUrl,
  registerInvokeHandlers,
  type InvokeEventLike,
  type InvokeHandlers,
} from '../../main/electron/ipc-main.js';
import { FakeIpcMain, snapshotWith } from '../electron/fakes.js';

test('isAppUrl accepts our pages only, by parsing', () => {
  assert.equal(isAppUrl('app://bundle/index.html'), true);
  assert.equal(isAppUrl('app://bundle/index.html#source=a&server=1'), true);
  for (const url of [
    'app://bundle.evil/index.html',
    'app://evil/index.html',
    'app://user@bundle/index.html',
    'https://bundle/index.html',
    'file:///app/index.html',
    'about:blank',
    'not a url',
    '',
  ]) {
    assert.equal(isAppUrl(url), false, url);
  }
});

const ours = { id: 'window' };
const isOurWindow = (sender: unknown) => sender === ours;
const event = (url: string | null, sender: unknown = ours): InvokeEventLike => ({
  sender,
  senderFrame: url === null ? null : { url },
});

test('checkSender refuses other windows, foreign frames and missing frames', () => {
  assert.doesNotThrow(() => checkSender(event('app://bundle/index.html'), isOurWindow));
  assert.throws(() => checkSender(event('app://bundle/index.html', { id: 'other' }), isOurWindow), /not the dashboard window/);
  assert.throws(() => checkSender(event('https://evil.example/'), isOurWindow), /not an app page \(https:\/\/evil.example\/\)/);
  assert.throws(() => checkSender(event(null), isOurWindow), /no frame/);
});

test('payload parsers accept good arguments and name what is wrong', () => {
  assert.deepEqual(parseInvokeArgs('history:get', [{ source: 'main', server: 2, days: 7 }]), [{ source: 'main', server: 2, days: 7 }]);
  assert.deepEqual(parseInvokeArgs('perf:get', ['30d']), ['30d']);
  assert.deepEqual(parseInvokeArgs('export:csv', ['days']), ['days']);
  assert.deepEqual(parseInvokeArgs('last-seen:find', ['alice']), ['alice']);
  const bad: Array<[InvokeChannel, unknown[], RegExp]> = [
    ['snapshot:get', [1], /expected 0 argument/],
    ['history:get', [[]], /must be an object/],
    ['history:get', [{ server: 2 ** 31 }], /server must be a whole number from 0 to 2147483647/],
    ['history:get', [{ server: -1 }], /server must be a whole number/],
    ['history:get', [{ days: 1.5 }], /days must be a whole number/],
    ['history:get', [{ source: 42 }], /source must be/],
    ['history:get', [{ __proto__x: 1 }], /unknown field "__proto__x"/],
    ['last-seen:find', [''], /non-blank text of at most 512 characters/],
    ['last-seen:find', ['  '], /non-blank text of at most 512 characters/],
    ['last-seen:find', [{}], /non-blank text of at most 512 characters/],
    ['perf:get', ['1y'], /range must be one of 24h, 30d/],
    ['export:csv', ['passwd'], /kind must be one of sessions, days/],
    ['settings:save', [], /expected 1 argument/],
  ];
  for (const [channel, args, message] of bad) {
    assert.throws(() => parseInvokeArgs(channel, args), (error: Error) => error instanceof ApiArgumentError && message.test(error.message), channel);
  }
});

function handlers(calls: string[]): InvokeHandlers {
  const record = (name: string) => (...args: unknown[]) => {
    calls.push(`${name} ${JSON.stringify(args)}`);
  };
  return {
    'snapshot:get': () => snapshotWith({ 'main#1': ['a'] }),
    'history:get': (query) => (record('history')(query), { sessions: [], serverEvents: [], security: [], topUsers: [] }),
    'last-seen:find': (name) => (record('lastSeen')(name), []),
    'perf:get': (range) => ({ interval: range === '24h' ? 300 : 3600, points: [], samples: [], latest: null, aliases: {} }),
    'export:csv': (kind) => `kind,${kind}\n`,
    'settings:get': () => {
      throw new Error('not used');
    },
    'settings:save': (raw) => (record('save')(raw), { ok: false, errors: [] }),
    'settings:discover': () => [],
    'settings:pick-log': () => null,
    'settings:start-demo': () => record('demo')(),
  };
}

test('every channel is registered; calls from our page reach the handler with parsed arguments', async () => {
  const ipc = new FakeIpcMain();
  const calls: string[] = [];
  const unregister = registerInvokeHandlers(ipc, handlers(calls), isOurWindow);
  assert.deepEqual([...ipc.handlers.keys()].sort(), [...INVOKE_CHANNELS].sort());
  const good = event('app://bundle/index.html');
  assert.equal(await ipc.call('export:csv', good, 'sessions'), 'kind,sessions\n');
  await ipc.call('history:get', good, { days: 7 });
  assert.deepEqual(calls, ['history [{"days":7}]']);
  unregister();
  assert.equal(ipc.handlers.size, 0);
});

test('a bad sender or payload never reaches the handler', async () => {
  const ipc = new FakeIpcMain();
  const calls: string[] = [];
  registerInvokeHandlers(ipc, handlers(calls), isOurWindow);
  await assert.rejects(ipc.call('settings:start-demo', event('https://evil.example/')), /refused/);
  await assert.rejects(ipc.call('settings:save', event('app://bundle/', { id: 'devtools' }), {}), /refused/);
  await assert.rejects(ipc.call('last-seen:find', event('app://bundle/'), 'a'.repeat(513)), ApiArgumentError);
  await assert.rejects(ipc.call('history:get', event('app://bundle/'), { days: 7 }, 'extra'), /expected 1 argument/);
  assert.deepEqual(calls, []);
});
