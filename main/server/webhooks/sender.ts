// Posts alerts to one endpoint, in order, one at a time, without ever holding up the monitor: `send` only
// queues. A failed post (network error, timeout, 5xx, 408, 429) is retried with exponential backoff (a
// Retry-After is honoured) until it goes through; a post the endpoint refuses (other 4xx) is dropped and
// said. While the endpoint fails the queue is bounded: past `maxQueued` the OLDEST alert is dropped (the
// newest say most about now), and the next post that goes through says how many were dropped.
import { webhookRequest, type Alert, type WebhookRequest } from './payloads.js';
import { scrub, type WebhookTarget } from './targets.js';

export interface SenderOptions {
  warn: (message: string) => void;
  maxQueued?: number;
  /** First retry delay; doubled per failure up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export const MAX_QUEUED = 100;
/** A post that has not been answered by then counts as failed (and is retried). */
const POST_TIMEOUT_MS = 10_000;

async function post(request: WebhookRequest, signal: AbortSignal): Promise<{ status: number; retryAfter: string | null }> {
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal, redirect: 'error' });
  await response.body?.cancel();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const retryable = (status: number): boolean => status >= 500 || status === 408 || status === 429;

export class WebhookSender {
  readonly #queue: Alert[] = [];
  #dropped = 0;
  #failures = 0;
  #busy = false;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #maxQueued: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;

  constructor(
    readonly target: WebhookTarget,
    private readonly options: SenderOptions,
  ) {
    this.#maxQueued = options.maxQueued ?? MAX_QUEUED;
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#maxDelayMs = options.maxDelayMs ?? 300_000;
  }

  /** Alerts waiting (the one being posted included). */
  get queued(): number {
    return this.#queue.length;
  }

  send(alert: Alert): void {
    if (this.#closed) return;
    this.#queue.push(alert);
    if (this.#queue.length > this.#maxQueued) {
      // The oldest, but not one being posted right now (it may yet go through).
      this.#queue.splice(this.#busy ? 1 : 0, 1);
      this.#dropped += 1;
      if (this.#dropped === 1) this.#warn(`more than ${this.#maxQueued} alerts wait; the oldest are dropped until it answers`);
    }
    this.#next();
  }

  /** Resolves once nothing waits, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length > 0 && Date.now() < deadline && !this.#closed) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Stops retrying; what is still queued is given up (said in the log). */
  close(): void {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#queue.length > 0) this.#warn(`${this.#queue.length} alert(s) not delivered at exit`);
  }

  #warn(message: string): void {
    this.options.warn(`murmur-monitor: ${this.target.label}: ${message}`);
  }

  #next(): void {
    if (this.#busy || this.#timer !== null || this.#closed) return;
    const alert = this.#queue[0];
    if (alert === undefined) return;
    this.#busy = true;
    void this.#attempt(alert).finally(() => {
      this.#busy = false;
      this.#next();
    });
  }

  async #attempt(alert: Alert): Promise<void> {
    const dropped = this.#dropped;
    let problem: string;
    let wait: number | null = null;
    try {
      const { status, retryAfter } = await post(webhookRequest(this.target, alert, dropped), AbortSignal.timeout(POST_TIMEOUT_MS));
      if (status >= 200 && status < 300) {
        if (this.#failures > 0) this.#warn(`delivered again after ${this.#failures} failed attempt(s)`);
        this.#done(alert, dropped);
        return;
      }
      if (!retryable(status)) {
        this.#warn(`refused an alert with HTTP ${status}; it is dropped (check the URL and its format)`);
        this.#done(alert, dropped);
        return;
      }
      problem = `HTTP ${status}`;
      wait = retryAfterMs(retryAfter, Date.now());
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      problem = scrub(`${(error as Error).message}${cause instanceof Error ? ` (${cause.message})` : ''}`, this.target);
    }
    if (this.#closed) return;
    this.#failures += 1;
    const delay = Math.min(this.#maxDelayMs, wait ?? this.#baseDelayMs * 2 ** Math.min(this.#failures - 1, 30));
    this.#warn(`${problem}; retrying in ${Math.round(delay / 1000)} s (${this.#queue.length} waiting)`);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#next();
    }, delay);
    this.#timer.unref();
  }

  #done(alert: Alert, dropped: number): void {
    this.#failures = 0;
    this.#dropped -= dropped;
    if (this.#queue[0] === alert) this.#queue.shift();
  }
}
