// `--demo`: a live, populated Murmur log for people without a server. The shipped sample (four weeks, two
// virtual servers) is copied into the data folder with its days moved so that the last one is today, then
// a new join or leave is appended every few seconds. A later start keeps the same copy (the engine has
// already counted it): Murmur "shut down" after its last line and starts again now, so history is never
// counted twice and the sessions of the last run end when the demo stopped.
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceConfig } from '../monitor-types.js';
import { Random } from '../synthetic/people.js';
import { makeDataFolder, writeFileAtomic } from '../atomic-file.js';
import { DemoTraffic } from './demo-traffic.js';
import { localLogTime } from '../../log-time.js';
import { shiftSample } from './sample-shift.js';

/** assets/demo/murmur-demo.log, from dist/main/core/demo/ (inside app.asar when packaged). */
export const DEMO_SAMPLE_PATH = fileURLToPath(new URL('../../../../assets/demo/murmur-demo.log', import.meta.url));
export const DEMO_LOG_NAME = 'murmur-demo.log';
const DEMO_SOURCE_NAME = 'demo';

export interface DemoOptions {
  samplePath?: string;
  now?: () => Date;
  random?: Random;
  /** Pause between two appended events, picked uniformly in [min, max] ms. */
  delayMs?: { min: number; max: number };
  /** The demo log stops growing at this size (default 32 MiB, about a week of running). */
  maxBytes?: number;
  /** An append failed (disk full, folder removed); appending has stopped. Default: one line on stderr. */
  onError?: (error: Error) => void;
}

export interface Demo {
  source: SourceConfig;
  /** Stops appending; resolves once the last append has finished. */
  stop(): Promise<void>;
}

export async function startDemo(dataDir: string, options: DemoOptions = {}): Promise<Demo> {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? new Random(Date.now());
  const { min, max } = options.delayMs ?? { min: 3_000, max: 12_000 };
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const onError = options.onError ?? ((error: Error) => process.stderr.write(`demo: ${error.message}; no more demo events\n`));
  await makeDataFolder(dataDir);
  const path = join(dataDir, DEMO_LOG_NAME);

  const { traffic, bytes } = await prepareLog(path, options.samplePath ?? DEMO_SAMPLE_PATH, localLogTime(now()), random);
  let size = bytes;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<void> = Promise.resolve();

  const appendNext = async (): Promise<void> => {
    const lines = traffic.next(localLogTime(now()));
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    const length = Buffer.byteLength(text);
    if (size + length > maxBytes) {
      stopped = true;
      return;
    }
    await appendFile(path, text);
    size += length;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(tick, min + random.below(max - min + 1));
    timer.unref();
  };
  const tick = (): void => {
    pending = appendNext().then(schedule, (error: unknown) => {
      stopped = true;
      onError(error instanceof Error ? error : new Error(String(error)));
    });
  };
  schedule();

  return {
    source: { name: DEMO_SOURCE_NAME, path, capacity: 50 },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pending;
    },
  };
}

/** Writes the shifted sample (first start) or restarts the existing copy; returns the traffic that follows. */
async function prepareLog(path: string, samplePath: string, now: string, random: Random): Promise<{ traffic: DemoTraffic; bytes: number }> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new Error(`cannot read the demo log ${path}: ${error.message}`);
  });
  if (existing !== null) {
    const traffic = DemoTraffic.continuing(existing.split('\n'), random);
    const separator = existing.length === 0 || existing.endsWith('\n') ? '' : '\n';
    const text = `${separator}${traffic.resume(now).join('\n')}\n`;
    await appendFile(path, text);
    return { traffic, bytes: Buffer.byteLength(existing) + Buffer.byteLength(text) };
  }
  const sample = await readFile(samplePath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read the demo sample ${samplePath}: ${error.message}`);
  });
  const shifted = shiftSample(sample, now);
  // Written whole under a temporary name, so a crash never leaves a half sample that a later start would keep.
  await writeFileAtomic(path, shifted.text);
  return { traffic: DemoTraffic.continuing(shifted.text.split('\n'), random), bytes: Buffer.byteLength(shifted.text) };
}
