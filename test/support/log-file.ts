// Reading a Murmur log from the test side: the whole lines written from a byte offset on.
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';

/** Complete lines from `offset` to the end (a partial last line is left out); none if the file is missing. */
export function readLogFrom(path: string, offset = 0): string[] {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    if (size <= offset) return [];
    const buffer = Buffer.alloc(size - offset);
    const length = readSync(fd, buffer, 0, buffer.length, offset);
    const text = buffer.subarray(0, length).toString('utf8');
    return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').slice(0, -1);
  } finally {
    closeSync(fd);
  }
}
