// Turns `journalctl -o json` output (one JSON object per line, each a journal entry) into log text: every
// entry's MESSAGE followed by a newline, and the cursor of the last entry taken. Murmur's own timestamp is
// in its MESSAGE (`<W>2026-11-27 13:11:15.961 1 => ...`), so the entry's other fields are not needed.
import { jsonRecord } from '../json-record.js';

/** Log text made of whole entries, and the journal cursor just after the last of them. */
export interface JournalBatch {
  text: Buffer;
  /** null when no record of the batch had a cursor (all of them bad). */
  cursor: string | null;
  /** Records that were not a usable journal entry (bad JSON, no cursor, no usable MESSAGE). */
  badRecords: number;
}

const NEWLINE = 0x0a;
const NEWLINE_BYTES = Buffer.from('\n');

/**
 * MESSAGE as bytes. journalctl writes a value that is not valid UTF-8 as an array of byte values, a field
 * given several times as an array of its values (strings or byte arrays), and, without `--all`, a value over
 * 4096 bytes as null (journalctl(1), "json"). null is returned for anything that is not a message.
 */
export function messageBytes(value: unknown): Buffer[] | null {
  if (typeof value === 'string') return [Buffer.from(value, 'utf8')];
  if (!Array.isArray(value)) return null;
  if (value.every((item) => typeof item === 'number')) return isByteArray(value) ? [Buffer.from(value)] : null;
  const parts = value.map(messageBytes);
  return parts.every((part) => part !== null) ? (parts as Buffer[][]).flat() : null;
}

function isByteArray(values: number[]): boolean {
  return values.every((item) => Number.isInteger(item) && item >= 0 && item <= 255);
}

/**
 * Splits journalctl's output into records and records into log text. Bytes of a record not yet complete
 * are kept for the next chunk; every record ends with a newline (JSON escapes those inside strings).
 */
export class JournalRecordDecoder {
  #carry: Buffer | null = null;

  /** The whole entries completed by `chunk`, or null when it completed none. */
  push(chunk: Buffer): JournalBatch | null {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.#carry = this.#carry === null ? Buffer.from(chunk) : Buffer.concat([this.#carry, chunk]);
      return null;
    }
    const complete = this.#carry === null ? chunk.subarray(0, last) : Buffer.concat([this.#carry, chunk.subarray(0, last)]);
    this.#carry = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : null;
    return decodeRecords(complete);
  }

  /** Bytes of a record still waiting for its end (journalctl ended in the middle of one). */
  get pendingBytes(): number {
    return this.#carry?.length ?? 0;
  }
}

/** `records`: journal records separated by newlines, the last one without its newline. */
function decodeRecords(records: Buffer): JournalBatch | null {
  const parts: Buffer[] = [];
  let cursor: string | null = null;
  let badRecords = 0;
  for (let start = 0; start <= records.length; ) {
    let end = records.indexOf(NEWLINE, start);
    if (end === -1) end = records.length;
    const record = records.toString('utf8', start, end);
    start = end + 1;
    if (record.trim() === '') continue;
    const entry = parseRecord(record);
    if (entry === null) {
      badRecords += 1;
      continue;
    }
    cursor = entry.cursor;
    if (entry.message === null) {
      badRecords += 1;
      continue;
    }
    for (const message of entry.message) parts.push(message, NEWLINE_BYTES);
  }
  if (cursor === null && badRecords === 0) return null;
  return { text: Buffer.concat(parts), cursor, badRecords };
}

function parseRecord(record: string): { cursor: string; message: Buffer[] | null } | null {
  const fields = jsonRecord(record);
  if (fields === null) return null;
  if (typeof fields.__CURSOR !== 'string' || fields.__CURSOR === '') return null;
  return { cursor: fields.__CURSOR, message: messageBytes(fields.MESSAGE) };
}
