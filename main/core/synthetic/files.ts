// Writes a synthetic log to disk the way logrotate leaves it: PATH, PATH.1, PATH.2.gz, ... (oldest has the
// highest number). Streams one day at a time, so a log of hundreds of MB never sits in memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { SyntheticLog, type SyntheticExpectation, type SyntheticLogOptions } from './log.js';

export interface SyntheticFileOptions {
  /** Start a new file at each rotation marker (default false: one file). */
  rotate?: boolean;
  /** Rotated files numbered this or higher are gzipped (default 2, like `delaycompress`). */
  gzipFrom?: number;
}

/** Writes the log at `path` (and its rotations); returns what a reader of all of it must report. */
export async function writeSyntheticLog(
  path: string,
  options: SyntheticLogOptions,
  files: SyntheticFileOptions = {},
): Promise<SyntheticExpectation & { paths: string[] }> {
  const log = new SyntheticLog(options);
  const parts: string[] = [];
  let handle = await open(`${path}.part0`, 'w');
  parts.push(`${path}.part0`);
  for (const day of log.days()) {
    await handle.write(day.text);
    if (day.rotateAfter && files.rotate === true) {
      await handle.close();
      parts.push(`${path}.part${parts.length}`);
      handle = await open(parts[parts.length - 1] as string, 'w');
    }
  }
  await handle.close();
  const paths: string[] = [];
  // parts are oldest first; the newest is the live file.
  for (let index = 0; index < parts.length; index += 1) {
    const rotation = parts.length - 1 - index;
    const part = parts[index] as string;
    if (rotation === 0) {
      await rename(part, path);
      paths.push(path);
    } else if (rotation >= (files.gzipFrom ?? 2)) {
      await pipeline(createReadStream(part), createGzip(), createWriteStream(`${path}.${rotation}.gz`));
      await rm(part);
      paths.push(`${path}.${rotation}.gz`);
    } else {
      await rename(part, `${path}.${rotation}`);
      paths.push(`${path}.${rotation}`);
    }
  }
  return { ...log.expected(), paths };
}
