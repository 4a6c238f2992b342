// The synthetic log's own account of what it wrote: open sessions per server and the day counters,
// computed from the simulation (who really is online), never from parsing the text.
import type { DayStats } from '../../contract.js';

interface Day {
  date: string;
  logins: number;
  users: Set<string>;
  peakOnline: number;
  /** The server wrote a line that day or had a session open. */
  active: boolean;
}

interface ServerTruth {
  open: Set<number>;
  finished: DayStats[];
  day: Day;
}

export class SyntheticTruth {
  lines = 0;
  private date: string | null = null;
  private readonly servers = new Map<number, ServerTruth>();

  /** A line with this time was written (for this server, when it is a server or user line). */
  observe(time: string, server: number | undefined): void {
    this.lines += 1;
    const date = time.slice(0, 10);
    if (this.date === null || date > this.date) {
      for (const truth of this.servers.values()) this.rollOver(truth, date);
      this.date = date;
    }
    if (server === undefined) return;
    let truth = this.servers.get(server);
    if (truth === undefined) {
      truth = { open: new Set(), finished: [], day: emptyDay(this.date ?? date, 0) };
      this.servers.set(server, truth);
    }
    truth.day.active = true;
  }

  login(server: number, session: number, name: string, userId: number): void {
    const truth = this.get(server);
    truth.open.add(session);
    truth.day.logins += 1;
    truth.day.users.add(userId >= 0 ? `id ${userId}` : `name ${name.toLowerCase()}`);
    truth.day.peakOnline = Math.max(truth.day.peakOnline, truth.open.size);
  }

  close(server: number, session: number): void {
    this.get(server).open.delete(session);
  }

  closeServer(server: number): void {
    this.get(server).open.clear();
  }

  closeAll(): void {
    for (const truth of this.servers.values()) truth.open.clear();
  }

  knows(server: number): boolean {
    return this.servers.has(server);
  }

  days(server: number): DayStats[] {
    const truth = this.get(server);
    const current = truth.day.active ? [stats(truth.day)] : [];
    return [...truth.finished, ...current];
  }

  private rollOver(truth: ServerTruth, date: string): void {
    if (truth.day.active) truth.finished.push(stats(truth.day));
    const open = truth.open.size;
    // Quiet days in between still count the sessions that stayed connected through them.
    for (let day = addDay(truth.day.date); day < date && open > 0; day = addDay(day)) {
      truth.finished.push({ date: day, logins: 0, uniqueUsers: 0, peakOnline: open });
    }
    truth.day = emptyDay(date, open);
  }

  private get(server: number): ServerTruth {
    const truth = this.servers.get(server);
    if (truth === undefined) throw new Error(`synthetic log: server ${server} wrote no line yet`);
    return truth;
  }
}

function emptyDay(date: string, open: number): Day {
  return { date, logins: 0, users: new Set(), peakOnline: open, active: open > 0 };
}

function stats(day: Day): DayStats {
  return { date: day.date, logins: day.logins, uniqueUsers: day.users.size, peakOnline: day.peakOnline };
}

function addDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
