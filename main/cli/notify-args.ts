// serve's alert options: where to post (--notify, or MURMUR_MONITOR_NOTIFY to keep the URLs out of `ps`), and
// the tray's rules for what notifies (--notify-on, --watch, --mute, --quiet-hours).
import type { NotificationSettings } from '../contract.js';
import { NotifyUrlError, parseWebhookTarget, type WebhookTarget } from '../server/webhooks/targets.js';
import { strings, stringOf, UsageError, type OptionValues, type Options } from './command-line.js';

export const NOTIFY_OPTIONS = {
  notify: { type: 'string', multiple: true },
  'notify-on': { type: 'string' },
  watch: { type: 'string', multiple: true },
  mute: { type: 'string', multiple: true },
  'quiet-hours': { type: 'string' },
} as const satisfies Options;

export const NOTIFY_USAGE = `  --notify URL           post joins, leaves, crashes and restarts to URL (repeatable): a Discord or Slack
                         incoming webhook, an ntfy topic, or any URL (generic JSON); a prefix json+, discord+,
                         slack+ or ntfy+ picks the format. MURMUR_MONITOR_NOTIFY (URLs separated by spaces)
                         does the same without showing them in ps
  --notify-on LIST       which of joins,leaves,server notify (default all three)
  --watch NAME           notify only for these user names (repeatable; crashes and restarts always notify)
  --mute SOURCE          never notify for this source (repeatable)
  --quiet-hours HH:MM-HH:MM   nothing notifies in this daily time span (this machine's local time)
`;

export interface NotifyArgs {
  targets: WebhookTarget[];
  settings: NotificationSettings;
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const KINDS = ['joins', 'leaves', 'server'] as const;

function kinds(given: string | undefined): Set<string> {
  if (given === undefined) return new Set(KINDS);
  const chosen = given.split(',').map((kind) => kind.trim()).filter(Boolean);
  for (const kind of chosen) {
    if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`--notify-on: ${JSON.stringify(kind)} is not one of ${KINDS.join(', ')}`);
  }
  return new Set(chosen);
}

function quietHours(given: string | undefined): NotificationSettings['quietHours'] {
  if (given === undefined) return null;
  const [start = '', end = ''] = given.split('-');
  if (!CLOCK.test(start) || !CLOCK.test(end)) throw new UsageError(`--quiet-hours ${JSON.stringify(given)}: expected HH:MM-HH:MM, e.g. 22:00-07:00`);
  return { start, end };
}

export function notifyArgs(values: OptionValues, env: NodeJS.ProcessEnv): NotifyArgs {
  const specs = [...strings(values['notify']), ...(env['MURMUR_MONITOR_NOTIFY'] ?? '').split(/\s+/).filter(Boolean)];
  const targets = specs.map((spec, index) => {
    try {
      return parseWebhookTarget(spec, index + 1);
    } catch (error) {
      throw error instanceof NotifyUrlError ? new UsageError(error.message) : error;
    }
  });
  const on = kinds(stringOf(values['notify-on']));
  return {
    targets,
    settings: {
      joins: on.has('joins'),
      leaves: on.has('leaves'),
      serverEvents: on.has('server'),
      mutedSources: strings(values['mute']),
      watchList: strings(values['watch']),
      quietHours: quietHours(stringOf(values['quiet-hours'])),
    },
  };
}
