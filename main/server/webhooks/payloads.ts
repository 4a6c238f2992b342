// One coalesced notification as each kind of endpoint wants it posted. The words are the tray's
// (core/notify/text.ts); names are typed by strangers, so each format keeps them from becoming markup,
// links or mentions there.
import type { NotificationContent, Notice } from '../../core/notify/text.js';
import type { WebhookTarget } from './targets.js';

export interface Alert {
  content: NotificationContent;
  notices: Notice[];
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A line added when the queue of a failing endpoint overflowed (sender.ts). */
function droppedLine(dropped: number): string {
  return dropped === 0 ? '' : `(${dropped} earlier notification${dropped === 1 ? ' was' : 's were'} dropped while this endpoint failed)`;
}

const lines = (...parts: string[]): string => parts.filter((part) => part !== '').join('\n');

/**
 * Discord markdown: a backslash before what would format, link or mention: emphasis, code, spoilers, quotes,
 * masked links, `@`, the `:` of a bare URL (Discord links those by itself), and a heading or list mark at a
 * line's start.
 */
function discordText(text: string): string {
  return text.replace(/[\\*_~`|<>[\]()@]|:(?=\/\/)|^[#-]/gm, '\\$&');
}

/** Slack mrkdwn reads only &, < and > as control characters: they become HTML entities (Slack's "Escaping text"). */
function slackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What the generic JSON carries for each event: its kind and the event as the API's /api/events sends it. */
function eventsOf(notices: Notice[]): unknown[] {
  return notices.map((notice) => ({ type: notice.kind === 'server' ? 'server-event' : notice.kind, ...notice.event }));
}

export function webhookRequest(target: WebhookTarget, alert: Alert, dropped: number): WebhookRequest {
  const { title, body, target: place } = alert.content;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'murmur-monitor' };
  if (target.authorization !== null) headers['Authorization'] = target.authorization;
  const url = target.url.href;
  switch (target.format) {
    case 'discord':
      return {
        url,
        headers,
        // No @everyone, role or user pings from a name, whatever it says (Discord's allowed_mentions).
        body: JSON.stringify({ content: lines(`**${discordText(title)}**`, discordText(body), droppedLine(dropped)).slice(0, 2000), allowed_mentions: { parse: [] } }),
      };
    case 'slack':
      return { url, headers, body: JSON.stringify({ text: lines(`*${slackText(title)}*`, slackText(body), droppedLine(dropped)) }) };
    case 'ntfy': {
      // ntfy's JSON publishing: POST to the server's root with the topic in the body, so the title is JSON
      // too (a header could not carry a name in UTF-8). A topic served under a path keeps that path.
      const topicAt = target.url.pathname.replace(/\/+$/, '').lastIndexOf('/');
      const root = new URL(target.url.href);
      root.pathname = target.url.pathname.slice(0, topicAt + 1);
      root.search = '';
      const topic = decodeURIComponent(target.url.pathname.replace(/\/+$/, '').slice(topicAt + 1));
      return { url: root.href, headers, body: JSON.stringify({ topic, title, message: lines(body, droppedLine(dropped)) || title }) };
    }
    case 'json':
      return { url, headers, body: JSON.stringify({ title, body, target: place, events: eventsOf(alert.notices), dropped }) };
  }
}
