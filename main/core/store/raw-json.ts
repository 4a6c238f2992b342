// JSON text that is already serialised, spliced into a document at write time. The large, mostly unchanging
// parts of the store (detailed sessions) are serialised once per session and reused on every write, so a
// write costs a join of cached strings instead of re-encoding 100,000 sessions while the event loop waits.
import { randomBytes } from 'node:crypto';

export class RawJson {
  constructor(readonly text: string) {}
}

// The placeholder carries a random nonce: no user name (stored as ordinary JSON strings) can imitate it.
const NONCE = randomBytes(12).toString('hex');

/** JSON.stringify, with every RawJson value replaced by its text. */
export function stringifyWithRaw(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.text);
    return `raw:${NONCE}:${raws.length - 1}`;
  });
  if (raws.length === 0) return text;
  return text.replace(new RegExp(`"raw:${NONCE}:(\\d+)"`, 'g'), (_match, index: string) => raws[Number(index)] as string);
}
