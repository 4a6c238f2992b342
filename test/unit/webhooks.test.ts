// serve's alerts: bursts coalesced by the tray's rules and posted to a local receiver in each webhook format,
// retried with backoff, bounded while an endpoint fails, and never a secret part of a URL in the log.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { NotificationSettings } from '../../main/contract.js';
import { systemClock } from '../../main/core/clock.js';
import { startAlerts, type Alerts } from '../../main/server/webhooks/alerts.js';
import { WebhookSender } from '../../main/server/webhooks/sender.js';
import { NotifyUrlError, parseWebhookTarget, type WebhookTarget } from '../../main/server/webhooks/targets.js';
import { FakeMonitor } from '../support/fake-monitor.js';
import { waitUntil } from '../support/wait-until.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const EVERYONE: NotificationSettings = { joins: true, leaves: true, serverEvents: true, mutedSources: [], watchList: [], quietHours: null };
/** Every secret given in a URL below; none may ever reach the log. */
const SECRETS = ['QUERYSECRET', 'DISCORDSECRET', 'SLACKSECRET', 'NTFYTOKEN', 'TOPICSECRET', 'BASICPASS', 'CLOSEDSECRET'];
const FAST = { quietMs: 40, maxWaitMs: 200, baseDelayMs: 10, maxDelayMs: 40 };

let receiver: WebhookReceiver;
const logs: string[] = [];
const warn = (message: string): void => {
  logs.push(message);
};
const started: Alerts[] = [];

before(async () => {
  receiver = await WebhookReceiver.start();
});

after(async () => {
  for (const alerts of started) await alerts.close(0);
  await receiver.close();
});

function alertsTo(specs: string[], settings = EVERYONE, clock = systemClock): { monitor: FakeMonitor; alerts: Alerts } {
  const monitor = new FakeMonitor();
  const alerts = startAlerts({ monitor, targets: specs.map((spec, index) => parseWebhookTarget(spec, index + 1)), settings, warn, clock, ...FAST });
  started.push(alerts);
  return { monitor, alerts };
}

const at = '2026-12-02 10:00:00.000';
const join = (name: string, session: number) => ({ source: 'main', server: 1, session, name, userId: -1, at });
const leave = (name: string, session: number) => ({ ...join(name, session), reason: 'quit', durationSeconds: 600 });
const postsTo = (path: string) => receiver.posts.filter((post) => post.path === path);

async function delivered<T>(path: string, count: number): Promise<T[]> {
  return waitUntil(() => (receiver.delivered<T>(path).length >= count ? receiver.delivered<T>(path) : undefined), { timeoutMs: 5000, what: `${count} posts to ${path}` });
}

test('the format comes from a prefix or the URL; the label names number, format and host only', () => {
  const cases: Array<[string, string]> = [
    ['https://discord.com/api/webhooks/1/DISCORDSECRET', 'discord'],
    ['https://discordapp.com/api/webhooks/1/DISCORDSECRET', 'discord'],
    ['https://discord.com/not-a-hook', 'json'],
    ['https://hooks.slack.com/services/T/B/SLACKSECRET', 'slack'],
    ['https://ntfy.sh/TOPICSECRET', 'ntfy'],
    ['https://alerts.example/hook?key=QUERYSECRET', 'json'],
    ['ntfy+https://push.example/ntfy/TOPICSECRET', 'ntfy'],
    ['SLACK+https://chat.example/hook', 'slack'],
  ];
  for (const [spec, format] of cases) {
    const target = parseWebhookTarget(spec, 3);
    assert.equal(target.format, format, spec);
    assert.equal(target.label, `notify #3 (${format}, ${new URL(spec.replace(/^\w+\+/, '')).host})`);
  }
  const basic = parseWebhookTarget('https://bob:BASICPASS@alerts.example/x', 1);
  assert.equal(basic.authorization, `Basic ${Buffer.from('bob:BASICPASS').toString('base64')}`);
  assert.equal(basic.url.href, 'https://alerts.example/x', 'credentials leave the URL (fetch refuses them there)');
  assert.equal(parseWebhookTarget('https://:NTFYTOKEN@ntfy.sh/t', 1).authorization, 'Bearer NTFYTOKEN');
  for (const bad of ['teams+https://x.example/QUERYSECRET', 'ftp://x.example/QUERYSECRET', 'not a url QUERYSECRET', 'https://ntfy.sh/']) {
    assert.throws(
      () => parseWebhookTarget(bad, 2),
      (error: unknown) => error instanceof NotifyUrlError && error.message.startsWith('--notify #2:') && !error.message.includes('QUERYSECRET'),
      bad,
    );
  }
});

test('a burst is one post per endpoint, in each format, with names kept from becoming markup or mentions', async () => {
  const port = new URL(receiver.base).port;
  const { monitor } = alertsTo([
    `json+${receiver.base}/json?key=QUERYSECRET`,
    `discord+${receiver.base}/api/webhooks/42/DISCORDSECRET`,
    `slack+${receiver.base}/services/T0/B0/SLACKSECRET`,
    `ntfy+http://:NTFYTOKEN@127.0.0.1:${port}/ntfy/TOPICSECRET`,
  ]);
  const hostile = '<b>@everyone</b> *x* [a](http://e.example)';
  monitor.fire('join', join('alice', 1));
  monitor.fire('join', join(hostile, 2));
  monitor.fire('leave', leave('carol', 3));
  const [json] = await delivered<{ title: string; body: string; target: unknown; events: Array<{ type: string; name: string }>; dropped: number }>('/json?key=QUERYSECRET', 1);
  assert.equal(json?.title, 'main #1: 2 joined, 1 left');
  assert.deepEqual(json?.target, { source: 'main', server: 1 });
  assert.deepEqual(json?.events.map((event) => [event.type, event.name]), [['join', 'alice'], ['join', hostile], ['leave', 'carol']]);
  assert.equal(json?.dropped, 0);

  const [discord] = await delivered<{ content: string; allowed_mentions: { parse: string[] } }>('/api/webhooks/42/DISCORDSECRET', 1);
  assert.deepEqual(discord?.allowed_mentions, { parse: [] }, 'no ping from a name');
  assert.match(discord?.content ?? '', /^\*\*main #1: 2 joined, 1 left\*\*\n/);
  assert.ok(discord?.content.includes('Joined: alice, \\<b\\>\\@everyone\\</b\\> \\*x\\* \\[a\\]\\(http\\://e.example\\)'), discord?.content);

  const [slack] = await delivered<{ text: string }>('/services/T0/B0/SLACKSECRET', 1);
  assert.match(slack?.text ?? '', /^\*main #1: 2 joined, 1 left\*\n/);
  assert.ok(slack?.text.includes('&lt;b&gt;@everyone&lt;/b&gt;'), slack?.text);

  const [ntfy] = await delivered<{ topic: string; title: string; message: string }>('/ntfy/', 1);
  assert.deepEqual(ntfy, { topic: 'TOPICSECRET', title: 'main #1: 2 joined, 1 left', message: `Joined: alice, ${hostile}\nLeft: carol` });
  assert.equal(postsTo('/ntfy/')[0]?.headers.authorization, 'Bearer NTFYTOKEN');
  await new Promise((resolve) => setTimeout(resolve, 150));
  for (const path of ['/json?key=QUERYSECRET', '/api/webhooks/42/DISCORDSECRET', '/services/T0/B0/SLACKSECRET', '/ntfy/']) {
    assert.equal(postsTo(path).length, 1, `one coalesced post to ${path}`);
  }
});

test('a crash with the leaves it caused is one alert titled by the crash', async () => {
  const { monitor } = alertsTo([`${receiver.base}/crash`]);
  monitor.fire('server-event', { source: 'main', at, kind: 'crash', detail: 'Murmur exited' });
  monitor.fire('leave', { ...leave('alice', 1), reason: 'server-crashed' });
  monitor.fire('server-event', { source: 'main', at, kind: 'log-rotated', detail: '' });
  const [alert] = await delivered<{ title: string; events: Array<{ type: string }> }>('/crash', 1);
  assert.equal(alert?.title, 'Murmur crashed (main)');
  assert.deepEqual(alert?.events.map((event) => event.type), ['server-event', 'leave'], 'a log rotation does not notify');
});

test("the tray's rules apply: watch list, muted sources, quiet hours", async () => {
  const watched = alertsTo([`${receiver.base}/watch`], { ...EVERYONE, watchList: ['Alice'], mutedSources: ['noisy'] });
  watched.monitor.fire('join', join('bob', 1));
  watched.monitor.fire('join', { ...join('alice', 2), source: 'noisy' });
  watched.monitor.fire('join', join('alice', 3));
  const [only] = await delivered<{ events: Array<{ session: number }> }>('/watch', 1);
  assert.deepEqual(only?.events.map((event) => event.session), [3]);

  const lateEvening = { ...systemClock, minuteOfDay: () => 23 * 60 };
  const quiet = alertsTo([`${receiver.base}/quiet`], { ...EVERYONE, quietHours: { start: '22:00', end: '07:00' } }, lateEvening);
  quiet.monitor.fire('join', join('alice', 4));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(postsTo('/quiet').length, 0);
});

test('failures are retried with backoff (Retry-After honoured) until the post goes through, in order', async () => {
  receiver.plan('/flaky', 503, 502, { status: 429, headers: { 'Retry-After': '0' } });
  const { monitor, alerts } = alertsTo([`${receiver.base}/flaky`]);
  monitor.fire('join', join('first', 1));
  await waitUntil(() => (postsTo('/flaky').length >= 2 ? true : undefined), { timeoutMs: 5000, what: 'a retry' });
  monitor.fire('join', join('second', 2));
  const posted = await delivered<{ events: Array<{ name: string }> }>('/flaky', 2);
  assert.deepEqual(posted.map((alert) => alert.events[0]?.name), ['first', 'second']);
  assert.deepEqual(postsTo('/flaky').map((post) => post.status), [503, 502, 429, 200, 200]);
  await waitUntil(() => (alerts.senders[0]?.queued === 0 ? true : undefined), { timeoutMs: 2000, what: 'an empty queue' });
  assert.ok(logs.some((line) => /notify #1 \(json, 127\.0\.0\.1:\d+\): HTTP 503; retrying in/.test(line)));
  assert.ok(logs.some((line) => /delivered again after 3 failed attempt/.test(line)));
});

test('an endpoint that keeps failing holds at most the bound: the oldest waiting are dropped, and the next post says how many', async () => {
  receiver.plan('/down', ...Array<number>(6).fill(500));
  const target = parseWebhookTarget(`${receiver.base}/down`, 1);
  const sender = new WebhookSender(target, { warn, maxQueued: 3, baseDelayMs: 10, maxDelayMs: 20 });
  const alert = (title: string) => ({ content: { title, body: '', target: null }, notices: [] });
  for (const title of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']) sender.send(alert(title));
  assert.equal(sender.queued, 3);
  const posted = await delivered<{ title: string; dropped: number }>('/down', 3);
  assert.deepEqual(posted.map((post) => [post.title, post.dropped]), [['a1', 3], ['a5', 0], ['a6', 0]], 'the one in flight is kept; a2–a4 dropped');
  assert.ok(logs.some((line) => line.includes('more than 3 alerts wait; the oldest are dropped')));
  sender.close();
});

test('a post the endpoint refuses (4xx) is dropped and said, and the next one still goes', async () => {
  receiver.plan('/refuses', 404);
  const { monitor } = alertsTo([`${receiver.base}/refuses`]);
  monitor.fire('join', join('lost', 1));
  await waitUntil(() => (postsTo('/refuses').length === 1 ? true : undefined), { timeoutMs: 5000, what: 'the refused post' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  monitor.fire('join', join('next', 2));
  const [next] = await delivered<{ events: Array<{ name: string }> }>('/refuses', 1);
  assert.equal(next?.events[0]?.name, 'next');
  assert.ok(logs.some((line) => line.includes('refused an alert with HTTP 404; it is dropped')));
});

test('an unreachable endpoint never blocks: the others get their alerts, and no secret part of any URL is logged', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const { monitor, alerts } = alertsTo([
    `http://bob:BASICPASS@127.0.0.1:${deadPort}/hooks/CLOSEDSECRET?token=QUERYSECRET`,
    `${receiver.base}/alive`,
  ]);
  monitor.fire('join', join('alice', 1));
  await delivered('/alive', 1);
  await waitUntil(() => (logs.filter((line) => line.includes('notify #1')).length >= 2 ? true : undefined), { timeoutMs: 5000, what: 'two failures logged' });
  assert.equal(alerts.senders[0]?.queued, 1, 'kept for the next attempt');
  const target: WebhookTarget = alerts.senders[0]!.target;
  assert.match(logs.find((line) => line.startsWith(`murmur-monitor: ${target.label}`)) ?? '', /fetch failed|ECONNREFUSED/);
  for (const secret of SECRETS) {
    assert.equal(logs.filter((line) => line.includes(secret)).length, 0, `${secret} appears in the log`);
  }
});

test('at shutdown the burst in progress is posted at once, not dropped', async () => {
  const { monitor, alerts } = alertsTo([`${receiver.base}/shutdown`]);
  monitor.fire('server-event', { source: 'main', at, kind: 'shutdown', detail: '' });
  await alerts.close(2000);
  assert.equal(receiver.delivered<{ title: string }>('/shutdown')[0]?.title, 'Murmur shut down (main)');
});
