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
import { emptyRollup, type Bucket, type DayTotal, type RollupData } from './rollup.js';

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

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isAgg = (value: unknown): boolean => Array.isArray(value) && value.length === 3 && value.every(Number.isFinite);

function isBucket(value: unknown): value is Bucket {
  if (!isObject(value) || !Number.isFinite(value.t)) return false;
  const aggs = [value.cpu, value.murmurCpu, value.murmurMem].filter((agg) => agg !== undefined);
  const net = value.net === undefined ? [] : isObject(value.net) ? Object.values(value.net) : [null];
  return aggs.every(isAgg) && net.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every(isAgg));
}

function isDayTotal(value: unknown): value is DayTotal {
  return isObject(value) && typeof value.date === 'string' && isObject(value.net);
}

function isPerfDocument(value: unknown): value is PerfDocument {
  if (!isObject(value) || value.schemaVersion !== SCHEMA_VERSION || !isObject(value.rollup)) return false;
  const { fiveMinute, hourly, daily } = value.rollup;
  return (
    Array.isArray(fiveMinute) && fiveMinute.every(isBucket) &&
    Array.isArray(hourly) && hourly.every(isBucket) &&
    Array.isArray(daily) && daily.every(isDayTotal)
  );
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
    let problem: string | undefined;
    try {
      await this.db.read();
      if (!isPerfDocument(this.db.data)) problem = 'it is not a perf document of this version';
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem !== undefined) await this.moveCorruptAside(problem);
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
