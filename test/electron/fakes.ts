// Fakes shared by the shell's unit tests: a clock that only moves when told, sample engine data, ipcMain.
import type { LeaveEvent, PresenceEvent, Snapshot } from '../../main/contract.js';
import type { Clock } from '../../main/core/clock.js';
import type { InvokeEventLike, IpcMainLike } from '../../main/electron/ipc-main.js';

interface Timer {
  at: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  #now: number;
  #timers = new Map<number, Timer>();
  #nextId = 1;

  constructor(start = Date.UTC(2026, 10, 27, 12, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** UTC minutes, so tests do not depend on the machine's zone. */
  minuteOfDay(epochMs: number): number {
    const date = new Date(epochMs);
    return date.getUTCHours() * 60 + date.getUTCMinutes();
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward, firing due timers in order (bounded, so a timer loop cannot hang a test). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (let fired = 0; fired < 10_000; fired += 1) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.#timers.delete(due[0]);
      this.#now = Math.max(this.#now, due[1].at);
      due[1].callback();
    }
    this.#now = end;
  }
}

export function join(name: string, source = 'main', server = 1, session = 1): PresenceEvent {
  return { source, server, session, name, userId: -1, at: '2026-11-27T13:00:00.000' };
}

export function leave(name: string, reason: LeaveEvent['reason'] = 'quit', source = 'main', server = 1): LeaveEvent {
  return { ...join(name, source, server), reason, since: '2026-11-27T11:55:00.000', at: '2026-11-27T13:00:00.000', durationSeconds: 3900 };
}

export function snapshotWith(online: Record<string, string[]>, errors: Record<string, string> = {}): Snapshot {
  const servers = Object.entries(online).map(([key, names]) => {
    const [source = '', server = '1'] = key.split('#');
    return {
      source,
      server: Number(server),
      online: names.map((name, index) => ({ session: index + 1, name, userId: -1, since: '2026-11-27T12:00:00.000' })),
      days: [],
    };
  });
  const sourceNames = new Set([...servers.map((s) => s.source), ...Object.keys(errors)]);
  return {
    generatedAt: '2026-11-27T12:00:00.000Z',
    servers,
    sources: [...sourceNames].map((name) => ({
      name,
      path: `/var/log/${name}.log`,
      state: errors[name] === undefined ? 'following' : 'error',
      ...(errors[name] === undefined ? {} : { message: errors[name] }),
      bytesRead: 0,
      linesRead: 0,
      unparsedLines: 0,
      timezone: 'UTC',
    })),
    backfill: [],
    perf: null,
  };
}

/** ipcMain's handler registry, with a way to call a channel as a window would. */
export class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  call(channel: string, e: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve().then(() => handler(e, ...args));
  }
}
