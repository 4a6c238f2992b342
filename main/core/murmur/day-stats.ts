// Per-day counters of one virtual server. Only the current day keeps its set of users; finished days
// keep three numbers, so memory grows by one small row per day whatever the traffic.
import type { DayStats, UserId } from '../../contract.js';
import { nextDate } from '../../log-time.js';

/** The day being counted, as saved in TrackerState. */
export interface CurrentDayState {
  date: string;
  logins: number;
  peakOnline: number;
  /** Keys of the users who logged in that day (see `uniqueUserKey`). */
  users: string[];
  /** Whether the server wrote a line that day or had a session open (otherwise the day is not reported). */
  active: boolean;
}

export interface DayCounterState {
  days: DayStats[];
  current: CurrentDayState;
}

/** Registered users count by id, others by lower-cased name (Murmur compares names case-insensitively). */
export function uniqueUserKey(name: string, userId: UserId): string {
  return userId >= 0 ? `#${userId}` : `=${name.toLowerCase()}`;
}

export class DayCounter {
  private readonly finished: DayStats[];
  private date: string;
  private logins: number;
  private peakOnline: number;
  /** Today's users, by uniqueUserKey() split in two: no key string is made per login. */
  private userIds: Set<number>;
  private userNames: Set<string>;
  private active: boolean;

  constructor(state: DayCounterState) {
    this.finished = state.days.map((day) => ({ ...day }));
    this.date = state.current.date;
    this.logins = state.current.logins;
    this.peakOnline = state.current.peakOnline;
    this.userIds = new Set();
    this.userNames = new Set();
    for (const key of state.current.users) {
      if (key.startsWith('#')) this.userIds.add(Number(key.slice(1)));
      else this.userNames.add(key.slice(1));
    }
    this.active = state.current.active;
  }

  static starting(date: string): DayCounter {
    return new DayCounter({ days: [], current: { date, logins: 0, peakOnline: 0, users: [], active: false } });
  }

  /** The server wrote a line today. */
  touch(): void {
    this.active = true;
  }

  /**
   * Moves to a later day. Sessions still open carry over: they count toward the peak of every day they
   * span, so a quiet day in between gets a row when someone stayed connected through it.
   */
  rollTo(date: string, openSessions: number): void {
    if (date <= this.date) return;
    if (this.active) this.finished.push(this.currentStats());
    for (let day = nextDate(this.date); day < date && openSessions > 0; day = nextDate(day)) {
      this.finished.push({ date: day, logins: 0, uniqueUsers: 0, peakOnline: openSessions });
    }
    this.date = date;
    this.logins = 0;
    this.userIds = new Set();
    this.userNames = new Set();
    this.peakOnline = openSessions;
    this.active = openSessions > 0;
  }

  /** `lowerName`: the user's name lower-cased (only read for an unregistered user). */
  login(lowerName: string, userId: UserId, openSessions: number): void {
    this.logins += 1;
    if (userId >= 0) this.userIds.add(userId);
    else this.userNames.add(lowerName);
    this.observeOnline(openSessions);
  }

  observeOnline(openSessions: number): void {
    this.active = true;
    if (openSessions > this.peakOnline) this.peakOnline = openSessions;
  }

  days(): DayStats[] {
    const days = this.finished.map((day) => ({ ...day }));
    if (this.active) days.push(this.currentStats());
    return days;
  }

  toState(): DayCounterState {
    return {
      days: this.finished.map((day) => ({ ...day })),
      current: {
        date: this.date,
        logins: this.logins,
        peakOnline: this.peakOnline,
        users: [...[...this.userIds].map((id) => uniqueUserKey('', id)), ...[...this.userNames].map((name) => uniqueUserKey(name, -1))],
        active: this.active,
      },
    };
  }

  private currentStats(): DayStats {
    return { date: this.date, logins: this.logins, uniqueUsers: this.userIds.size + this.userNames.size, peakOnline: this.peakOnline };
  }
}
