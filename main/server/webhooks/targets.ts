// Where `--notify URL` posts, and in which format. The format comes from an explicit prefix
// (`json+https://`, `discord+https://`, `slack+https://`, `ntfy+https://`), else from the URL itself:
// discord.com/api/webhooks/... is Discord, hooks.slack.com is Slack, ntfy.sh is ntfy, anything else gets the
// generic JSON. Credentials in the URL's userinfo become an Authorization header (fetch refuses them in a URL).
// Webhook URLs are secrets (the Discord and Slack token is in the path, an ntfy topic is its own password):
// the log names a target only by its number, format and host, never the URL.
export type WebhookFormat = 'json' | 'discord' | 'slack' | 'ntfy';

export const WEBHOOK_FORMATS: readonly WebhookFormat[] = ['json', 'discord', 'slack', 'ntfy'];

export interface WebhookTarget {
  format: WebhookFormat;
  /** Without userinfo. */
  url: URL;
  authorization: string | null;
  /** How the log names it: `notify #2 (slack, hooks.slack.com)`; no path, query or credentials. */
  label: string;
  /** The parts of the URL that must never reach the log, for scrubbing error texts. */
  secrets: string[];
}

/** Says what is wrong with a --notify value without repeating the value (it may hold a token). */
export class NotifyUrlError extends Error {}

function formatFromUrl(url: URL): WebhookFormat {
  const host = url.hostname.toLowerCase();
  if (/(^|\.)discord(app)?\.com$/.test(host) && url.pathname.startsWith('/api/webhooks/')) return 'discord';
  if (host === 'hooks.slack.com') return 'slack';
  if (host === 'ntfy.sh') return 'ntfy';
  return 'json';
}

function authorizationOf(url: URL): string | null {
  if (url.username === '' && url.password === '') return null;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  // `https://:TOKEN@ntfy.example/topic`: a bearer token alone (ntfy's access tokens); else HTTP Basic.
  if (user === '') return `Bearer ${password}`;
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** `spec` as given on the command line; `number` counts the targets from 1, for the label. */
export function parseWebhookTarget(spec: string, number: number): WebhookTarget {
  const prefix = /^([a-z]+)\+(?=https?:\/\/)/i.exec(spec);
  let format: WebhookFormat | null = null;
  if (prefix) {
    const named = (prefix[1] as string).toLowerCase();
    if (!(WEBHOOK_FORMATS as readonly string[]).includes(named)) {
      throw new NotifyUrlError(`--notify #${number}: unknown format "${named}+" (use ${WEBHOOK_FORMATS.map((name) => `${name}+`).join(', ')})`);
    }
    format = named as WebhookFormat;
  }
  let url: URL;
  try {
    url = new URL(prefix ? spec.slice(prefix[0].length) : spec);
  } catch {
    throw new NotifyUrlError(`--notify #${number}: not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new NotifyUrlError(`--notify #${number}: only http:// and https:// URLs`);
  format ??= formatFromUrl(url);
  if (format === 'ntfy' && url.pathname.split('/').filter(Boolean).length === 0) {
    throw new NotifyUrlError(`--notify #${number}: an ntfy URL names its topic, e.g. https://ntfy.sh/TOPIC`);
  }
  const secrets = [url.href, url.pathname, url.search, url.username, url.password, ...url.pathname.split('/')]
    .map((part) => part.replace(/^[?/]+/, ''))
    .filter((part) => part.length >= 4);
  const authorization = authorizationOf(url);
  url.username = '';
  url.password = '';
  return { format, url, authorization, label: `notify #${number} (${format}, ${url.host})`, secrets: [...new Set([...secrets, url.href])] };
}

/** `text` (an error message, say) with every secret part of `target`'s URL replaced by `***`. */
export function scrub(text: string, target: WebhookTarget): string {
  // Longest first, so a whole URL goes before the path inside it.
  const parts = [...target.secrets].sort((a, b) => b.length - a.length);
  return parts.reduce((result, part) => result.split(part).join('***'), text);
}
