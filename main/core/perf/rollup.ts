// Rollups of perf readings: 5-minute and hourly buckets (average and maximum of every figure) and daily
// byte totals per interface. Buckets hold running sums, so an open bucket can be saved, reloaded after a
// restart and continued; a span with no readings simply has no bucket, and shows as a gap, never as zeros.
import type { MurmurUsage } from './source.js';

/** `[readings, sum, max]` of one figure in one bucket; tuples keep the store file small. */
export type Agg = [n: number, sum: number, max: number];

export interface Bucket {
  /** Bucket start, epoch ms. */
  t: number;
  cpu?: Agg;
  /** Interface → [received, sent], in Kbit/s. */
  net?: Record<string, [rx: Agg, tx: Agg]>;
  murmurCpu?: Agg;
  murmurMem?: Agg;
}

export interface DayTotal {
  /** Local calendar day, `YYYY-MM-DD`. */
  date: string;
  net: Record<string, { rxBytes: number; txBytes: number }>;
}

export interface RollupData {
  fiveMinute: Bucket[];
  hourly: Bucket[];
  daily: DayTotal[];
}

export interface NetReading {
  iface: string;
  rxKbps: number;
  txKbps: number;
  /** Bytes moved during the interval the rates cover, for the daily totals. */
  rxBytes: number;
  txBytes: number;
}

/** What one tick measured: only the figures present were sampled at `t`. */
export interface Reading {
  t: number;
  cpu?: number;
  net?: NetReading[];
  murmur?: MurmurUsage;
}

export const FIVE_MINUTES_MS = 5 * 60_000;
export const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;
export const RETENTION = { fiveMinuteMs: DAY_MS, hourlyMs: 30 * DAY_MS, dailyDays: 366 } as const;

export function emptyRollup(): RollupData {
  return { fiveMinute: [], hourly: [], daily: [] };
}

export function bucketStart(t: number, widthMs: number): number {
  return Math.floor(t / widthMs) * widthMs;
}

/** The local calendar day of an instant, `YYYY-MM-DD` (the dashboard shows local days). */
export function localDate(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

function add(agg: Agg | undefined, value: number): Agg {
  if (!agg) return [1, round(value), round(value)];
  return [agg[0] + 1, round(agg[1] + value), Math.max(agg[2], round(value))];
}

/** The entry for `key` in a list sorted by key, created in place when missing (readings arrive in order, so look from the end). */
function entryFor<T>(list: T[], key: (item: T) => number | string, wanted: number | string, create: () => T): T {
  let index = list.length;
  while (index > 0 && key(list[index - 1] as T) > wanted) index -= 1;
  const found = list[index - 1];
  if (found !== undefined && key(found) === wanted) return found;
  const created = create();
  list.splice(index, 0, created);
  return created;
}

function addToBucket(bucket: Bucket, reading: Reading): void {
  if (reading.cpu !== undefined) bucket.cpu = add(bucket.cpu, reading.cpu);
  for (const net of reading.net ?? []) {
    bucket.net ??= {};
    const [rx, tx] = bucket.net[net.iface] ?? [undefined, undefined];
    bucket.net[net.iface] = [add(rx, net.rxKbps), add(tx, net.txKbps)];
  }
  if (reading.murmur?.cpu != null) bucket.murmurCpu = add(bucket.murmurCpu, reading.murmur.cpu);
  if (reading.murmur?.memMB != null) bucket.murmurMem = add(bucket.murmurMem, reading.murmur.memMB);
}

export function addReading(data: RollupData, reading: Reading): void {
  for (const [list, width] of [[data.fiveMinute, FIVE_MINUTES_MS], [data.hourly, HOUR_MS]] as const) {
    const t = bucketStart(reading.t, width);
    addToBucket(entryFor(list, (b) => b.t, t, () => ({ t })), reading);
  }
  if (!reading.net?.length) return;
  const date = localDate(reading.t);
  const day = entryFor<DayTotal>(data.daily, (d) => d.date, date, () => ({ date, net: {} }));
  for (const net of reading.net) {
    const total = (day.net[net.iface] ??= { rxBytes: 0, txBytes: 0 });
    total.rxBytes += Math.round(net.rxBytes);
    total.txBytes += Math.round(net.txBytes);
  }
}

/** Drops buckets older than their retention; returns whether anything was removed. */
export function prune(data: RollupData, now: number): boolean {
  const before = data.fiveMinute.length + data.hourly.length + data.daily.length;
  const fiveFrom = bucketStart(now, FIVE_MINUTES_MS) - RETENTION.fiveMinuteMs;
  const hourFrom = bucketStart(now, HOUR_MS) - RETENTION.hourlyMs;
  const dayFrom = localDate(now - RETENTION.dailyDays * DAY_MS);
  data.fiveMinute = data.fiveMinute.filter((b) => b.t >= fiveFrom);
  data.hourly = data.hourly.filter((b) => b.t >= hourFrom);
  data.daily = data.daily.filter((d) => d.date > dayFrom);
  return data.fiveMinute.length + data.hourly.length + data.daily.length !== before;
}
