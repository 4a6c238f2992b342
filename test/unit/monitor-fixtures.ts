// Log folders for the monitor and server tests: a synthetic Murmur log split into rotations
// (PATH.2.gz, PATH.1, PATH) at line boundaries, and what a single start-to-end read reports for it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ServerReport } from '../../main/contract.js';
import { generateSyntheticLog } from '../../main/core/synthetic/log.js';
import { SourceTracker } from '../../main/core/murmur/tracker.js';
import { waitUntil } from '../support/wait-until.js';

export interface LogFolder {
  dir: string;
  path: string;
  text: string;
}

export function tempRoot(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function syntheticText(days: number, seed = 7, loginsPerDay = 40): string {
  return generateSyntheticLog({ seed, days, style: '1.3', loginsPerDay }).text;
}

/** Splits `text` into three files at line boundaries near 1/3 and 2/3: PATH.2.gz, PATH.1, PATH. */
export function writeRotatedLog(dir: string, text: string): LogFolder {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'murmur.log');
  const cut = (fraction: number): number => text.indexOf('\n', Math.floor(text.length * fraction)) + 1;
  const [a, b] = [cut(1 / 3), cut(2 / 3)];
  writeFileSync(`${path}.2.gz`, gzipSync(text.slice(0, a)));
  writeFileSync(`${path}.1`, text.slice(a, b));
  writeFileSync(path, text.slice(b));
  return { dir, path, text };
}

/** What reading `text` once from start to end reports: the ground truth for every resume test. */
export function reportOf(source: string, text: string): ServerReport[] {
  const tracker = new SourceTracker(source);
  for (const line of text.split('\n')) tracker.feed(line.replace(/\r$/, ''));
  return tracker.report();
}

/** A `Authenticated` line one second after the last line of `text`, on server 1. */
export function joinLineAfter(text: string, session: number, name: string, seconds = 1): string {
  const last = text.trimEnd().split('\n').at(-1) ?? '';
  const match = /^<\w>(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(last);
  const base = match ? Date.parse(`${match[1]}T${match[2]}Z`) : Date.parse('2026-11-27T12:00:00Z');
  const time = new Date(base + seconds * 1000).toISOString().slice(0, 23);
  return `<W>${time.slice(0, 10)} ${time.slice(11)} 1 => <${session}:${name}(-1)> Authenticated\n`;
}

export function leaveLineAfter(text: string, session: number, name: string, seconds = 1): string {
  return joinLineAfter(text, session, name, seconds).replace('Authenticated', 'Connection closed: The remote host closed the connection [1]');
}

/** waitUntil for a plain condition, checked every 10 ms. */
export async function until(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  await waitUntil(() => (condition() ? true : undefined), { timeoutMs, intervalMs: 10, what });
}
