// Bounded polling for the real-Murmur tests: every wait has a deadline and says what it waited for.
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Said in the error when the deadline passes, e.g. "murmur 1.5 log line /Authenticated/". */
  what: string;
}

/** Calls `probe` until it returns something other than undefined (or the deadline passes, which throws). */
export async function waitUntil<T>(probe: () => T | undefined | Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await sleep(Math.min(interval, Math.max(1, deadline - Date.now())));
  }
}
