// perf.json: the rollups in their own lowdb file, so frequent samples never rewrite the session history.
// Writes are durable (atomic-file.ts) and debounced, and a failed one is retried later (write-retry.ts);
// a file that cannot be read as a perf document is renamed aside with a warning and the series starts
// again, rather than stopping the monitor.
import { setAside } from '../set-aside.js';
import { dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { makeDataFolder, removeStaleTemps } from '../atomic-file.js';
import { CompactJsonFile } from '../store/compact-json-file.js';
import { WriteRetry, writeFailure } from '../store/write-retry.js';
import { day, fail, finite, integer, list, object, optional, problemOf, text } from '../store/field-check.js';
import { emptyRollup, type RollupData } from './rollup.js';

const SCHEMA_VERSION = 1;

interface PerfDocument {
  schemaVersion: number;
  updatedAt: string;
  rollup: RollupData;
}

export interface PerfStoreOptions {
  dataDir: string;
  /** How long changes wait before they are written (default one minute). */
  debounceMs?: number;
  warn?: (message: string) => void;
}

/** Readings are percentages, MB and Kbit/s: far below this. */
const MAX_READING = 1e12;

function checkAgg(value: unknown, path: string): void {
  const agg = list(value, path);
  if (agg.length !== 3) fail(path, 'a [count, sum, max] triple', value);
  integer(agg[0], `${path}[0]`, 1);
  finite(agg[1], `${path}[1]`, -MAX_READING, MAX_READING * Number(agg[0]));
  finite(agg[2], `${path}[2]`, -MAX_READING, MAX_READING);
}

function checkBucket(value: unknown, path: string): number {
  const bucket = object(value, path);
  const t = integer(bucket.t, `${path}.t`);
  for (const field of ['cpu', 'murmurCpu', 'murmurMem'] as const) optional(bucket[field], (agg) => checkAgg(agg, `${path}.${field}`));
  optional(bucket.net, (net) => {
    for (const [iface, pair] of Object.entries(object(net, `${path}.net`))) {
      const where = `${path}.net.${iface}`;
      const rates = list(pair, where);
      if (rates.length !== 2) fail(where, 'a [received, sent] pair', pair);
      rates.forEach((agg, index) => checkAgg(agg, `${where}[${index}]`));
    }
  });
  return t;
}

function checkDayTotal(value: unknown, path: string): string {
  const total = object(value, path);
  const date = day(total.date, `${path}.date`);
  for (const [iface, bytes] of Object.entries(object(total.net, `${path}.net`))) {
    const counts = object(bytes, `${path}.net.${iface}`);
    integer(counts.rxBytes, `${path}.net.${iface}.rxBytes`);
    integer(counts.txBytes, `${path}.net.${iface}.txBytes`);
  }
  return date;
}

/** Each list in time order, as the rollup keeps it (it inserts by searching from the end). */
function inOrder<K extends number | string>(items: unknown[], path: string, check: (item: unknown, path: string) => K): void {
  let previous: K | undefined;
  items.forEach((item, index) => {
    const key = check(item, `${path}[${index}]`);
    if (previous !== undefined && key <= previous) fail(`${path}[${index}]`, 'a later time than the one before', item);
    previous = key;
  });
}

function* checkPerfDocument(value: unknown): Generator<void, void, void> {
  const document = object(value, 'the document');
  if (document.schemaVersion !== SCHEMA_VERSION) fail('schemaVersion', String(SCHEMA_VERSION), document.schemaVersion);
  text(document.updatedAt, 'updatedAt');
  const rollup = object(document.rollup, 'rollup');
  inOrder(list(rollup.fiveMinute, 'rollup.fiveMinute'), 'rollup.fiveMinute', checkBucket);
  inOrder(list(rollup.hourly, 'rollup.hourly'), 'rollup.hourly', checkBucket);
  inOrder(list(rollup.daily, 'rollup.daily'), 'rollup.daily', checkDayTotal);
}

export class PerfStore {
  readonly path: string;
  private readonly db: Low<PerfDocument>;
  private readonly debounceMs: number;
  private readonly warn: (message: string) => void;
  private readonly retry: WriteRetry;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: PerfStoreOptions) {
    this.path = join(options.dataDir, 'perf.json');
    const file = new CompactJsonFile<PerfDocument>(this.path, (document) => Buffer.from(JSON.stringify(document)));
    this.db = new Low<PerfDocument>(file, this.emptyDocument());
    this.debounceMs = options.debounceMs ?? 60_000;
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.retry = new WriteRetry('the perf history', this.path, this.warn);
  }

  /** The stored rollups (empty when there is no file yet, or it was corrupt and has been set aside). */
  async load(): Promise<RollupData> {
    await makeDataFolder(dirname(this.path));
    await removeStaleTemps(this.path);
    let problem: string | null;
    try {
      await this.db.read();
      problem = await problemOf(checkPerfDocument(this.db.data));
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem !== null) await this.moveCorruptAside(problem);
    return this.db.data.rollup;
  }

  /** Ask for a write within the debounce delay; the rollup object is the live one from `load`. */
  changed(): void {
    this.arm(this.debounceMs);
  }

  /** Write now; a failure is retried later, each time after a longer wait. */
  async flush(): Promise<void> {
    const error = await this.write();
    if (error !== null) this.arm(this.retry.failed(error));
  }

  /**
   * The last write, at shutdown; resolves to whether it succeeded. When not, the readings since the last
   * write are lost (no log holds them): one line says so.
   */
  async close(): Promise<boolean> {
    const error = await this.write();
    if (error === null) return true;
    this.warn(`murmur-monitor: stopped without writing the perf history (${this.path}: ${writeFailure(error)}); the readings since it was last written are lost`);
    return false;
  }

  private arm(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), delayMs);
    this.timer.unref();
  }

  private async write(): Promise<unknown> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.db.data.updatedAt = new Date().toISOString();
    try {
      await this.db.write();
      this.retry.succeeded();
      return null;
    } catch (error) {
      return error ?? new Error('write failed');
    }
  }

  private async moveCorruptAside(problem: string): Promise<void> {
    try {
      const aside = await setAside(this.path, 'corrupt');
      this.warn(`perf: ${this.path} could not be read (${problem}); moved to ${aside}, starting a new perf history`);
    } catch (error) {
      this.warn(`perf: ${this.path} could not be read (${problem}) nor moved aside: ${String(error)}; starting a new perf history`);
    }
    this.db.data = this.emptyDocument();
  }

  private emptyDocument(): PerfDocument {
    return { schemaVersion: SCHEMA_VERSION, updatedAt: new Date().toISOString(), rollup: emptyRollup() };
  }
}
