// JSON that is already serialised (and UTF-8 encoded), spliced into a document at write time. The large,
// mostly unchanging parts of the store (detailed sessions) are encoded once per block of sessions and reused
// on every write, so a write costs a copy of cached bytes instead of re-serialising 100,000 sessions and
// re-encoding megabytes of text while the event loop waits.
import { randomBytes } from 'node:crypto';

export class RawJson {
  /** Pieces whose concatenation is one JSON value. */
  constructor(readonly pieces: readonly Buffer[]) {}
}

// The placeholder carries a random nonce: no user name (stored as ordinary JSON strings) can imitate it.
const NONCE = randomBytes(12).toString('hex');
const PLACEHOLDER = new RegExp(`"raw:${NONCE}:(\\d+)"`);

/** JSON.stringify as UTF-8 bytes, with every RawJson value replaced by its pieces. */
export function serializeWithRaw(value: unknown): Buffer {
  const raws: RawJson[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item);
    return `raw:${NONCE}:${raws.length - 1}`;
  });
  // split() with a capturing group alternates text and raw indexes: text, index, text, index, ..., text.
  const parts = text.split(PLACEHOLDER);
  const buffers: Buffer[] = [];
  parts.forEach((part, index) => {
    if (index % 2 === 0) buffers.push(Buffer.from(part));
    else buffers.push(...(raws[Number(part)] as RawJson).pieces);
  });
  return Buffer.concat(buffers);
}
