// Turns live joins, leaves and server events into notifications (the tray's OS notifications, serve's
// webhooks): filtered by the user's options, paused on request, and coalesced, so a restart that drops nine
// people is one notification, not eleven.
import type { LeaveEvent, NotificationSettings, PresenceEvent, ServerEventRecord } from '../../contract.js';
import type { Clock } from '../clock.js';
import { NOTIFYING_SERVER_EVENTS, pauseEnd, shouldNotify, type NotifyCandidate } from './rules.js';
import { notificationContent, type Notice, type NotificationContent } from './text.js';

export interface NotifierOptions {
  clock: Clock;
  settings: () => NotificationSettings;
  /** One coalesced burst: its words, and the events it is made of. */
  show: (content: NotificationContent, notices: Notice[]) => void;
  /** Called when a pause starts or ends, so the tray menu can follow. */
  onPauseChanged?: (pausedUntil: number | null) => void;
  /** A burst ends after this long without a new event... */
  quietMs?: number;
  /** ...or this long after its first event, whichever comes first. */
  maxWaitMs?: number;
}

export class Notifier {
  #pending: Notice[] = [];
  #burstStart = 0;
  #flushTimer: unknown = null;
  #pausedUntil: number | null = null;
  #pauseTimer: unknown = null;
  readonly #quietMs: number;
  readonly #maxWaitMs: number;

  constructor(private readonly options: NotifierOptions) {
    this.#quietMs = options.quietMs ?? 1500;
    this.#maxWaitMs = options.maxWaitMs ?? 5000;
  }

  join(event: PresenceEvent): void {
    this.#add({ kind: 'join', event });
  }

  leave(event: LeaveEvent): void {
    this.#add({ kind: 'leave', event });
  }

  /** Crashes, shutdowns, starts and virtual server stops notify; log rotations do not. */
  serverEvent(event: ServerEventRecord): void {
    if (NOTIFYING_SERVER_EVENTS.has(event.kind)) this.#add({ kind: 'server', event });
  }

  get pausedUntil(): number | null {
    return this.#pausedUntil;
  }

  pause(choice: 'hour' | 'tomorrow'): void {
    const { clock } = this.options;
    this.#setPause(pauseEnd(choice, new Date(clock.now())));
    this.#pending = [];
  }

  resume(): void {
    this.#setPause(null);
  }

  /** Shows what is waiting now, without waiting for the burst to end (serve's shutdown). */
  flush(): void {
    this.#cancel(this.#flushTimer);
    this.#flush();
  }

  /** Drops what is waiting (on quit: a notification after the app is gone helps nobody). */
  dispose(): void {
    this.#cancel(this.#flushTimer);
    this.#cancel(this.#pauseTimer);
    this.#flushTimer = this.#pauseTimer = null;
    this.#pending = [];
  }

  #cancel(handle: unknown): void {
    if (handle !== null) this.options.clock.clearTimeout(handle);
  }

  #setPause(until: number | null): void {
    const { clock, onPauseChanged } = this.options;
    this.#cancel(this.#pauseTimer);
    this.#pauseTimer = null;
    this.#pausedUntil = until;
    if (until !== null) this.#pauseTimer = clock.setTimeout(() => this.#setPause(null), Math.max(0, until - clock.now()));
    onPauseChanged?.(until);
  }

  #add(notice: Notice): void {
    const { clock, settings } = this.options;
    const now = clock.now();
    if (this.#pausedUntil !== null && now < this.#pausedUntil) return;
    const candidate: NotifyCandidate =
      notice.kind === 'server' ? { kind: 'server', source: notice.event.source } : { kind: notice.kind, source: notice.event.source, name: notice.event.name };
    if (!shouldNotify(candidate, settings(), clock.minuteOfDay(now))) return;
    if (this.#pending.length === 0) this.#burstStart = now;
    this.#pending.push(notice);
    this.#cancel(this.#flushTimer);
    const wait = Math.min(this.#quietMs, this.#burstStart + this.#maxWaitMs - now);
    this.#flushTimer = clock.setTimeout(() => this.#flush(), Math.max(0, wait));
  }

  #flush(): void {
    this.#flushTimer = null;
    const burst = this.#pending;
    this.#pending = [];
    if (burst.length > 0) this.options.show(notificationContent(burst), burst);
  }
}
