// serve's alerts: the monitor's live joins, leaves and server events through the tray's rules (watch list,
// quiet hours, muted sources, bursts coalesced: core/notify), each burst posted to every --notify endpoint.
import type { NotificationSettings } from '../../contract.js';
import { systemClock, type Clock } from '../../core/clock.js';
import type { MonitorApi } from '../../core/monitor-types.js';
import { Notifier } from '../../core/notify/notifier.js';
import { WebhookSender, type SenderOptions } from './sender.js';
import type { WebhookTarget } from './targets.js';

export interface AlertsOptions extends Omit<SenderOptions, 'warn'> {
  monitor: Pick<MonitorApi, 'on'>;
  targets: WebhookTarget[];
  settings: NotificationSettings;
  warn: (message: string) => void;
  clock?: Clock;
  /** Coalescing windows (the tray's defaults when absent). */
  quietMs?: number;
  maxWaitMs?: number;
}

export interface Alerts {
  senders: WebhookSender[];
  /** Posts the burst in progress and waits (at most `graceMs`) for the queues to empty, then stops. */
  close(graceMs?: number): Promise<void>;
}

export function startAlerts(options: AlertsOptions): Alerts {
  const { monitor, targets, settings, warn, clock, quietMs, maxWaitMs, ...sending } = options;
  const senders = targets.map((target) => new WebhookSender(target, { ...sending, warn }));
  const notifier = new Notifier({
    clock: clock ?? systemClock,
    settings: () => settings,
    show: (content, notices) => senders.forEach((sender) => sender.send({ content, notices })),
    quietMs,
    maxWaitMs,
  });
  const unsubscribe = [
    monitor.on('join', (event) => notifier.join(event)),
    monitor.on('leave', (event) => notifier.leave(event)),
    monitor.on('server-event', (event) => notifier.serverEvent(event)),
  ];
  return {
    senders,
    async close(graceMs = 3000) {
      for (const stop of unsubscribe) stop();
      notifier.flush();
      notifier.dispose();
      await Promise.all(senders.map((sender) => sender.drain(graceMs)));
      for (const sender of senders) sender.close();
    },
  };
}
