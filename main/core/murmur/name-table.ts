// User names as strings, one string per distinct run of bytes. A backfill meets the same few thousand names
// in hundreds of thousands of lines: hashing a name's bytes and comparing them with the ones kept costs less
// than decoding a new string each time, and the lower-cased form (Murmur matches names ignoring case) is
// made once per name instead of once per login.

/** Names kept at most; past this the table starts over (a flood of one-off names cannot grow it without end). */
const MAX_NAMES = 1 << 15;
/** Bytes of all names kept at most; longer names than this share are decoded each time, never kept. */
const MAX_BYTES = 1 << 20;
const MAX_KEPT_NAME_BYTES = 1024;
/** Open addressing at most half full. */
const SLOT_COUNT = MAX_NAMES * 2;
const NO_NAME = -1;

export class NameTable {
  /** Name index per slot, NO_NAME when free. */
  private readonly slots = new Int32Array(SLOT_COUNT).fill(NO_NAME);
  /** Per name: its hash, and where its bytes are in `bytes`. */
  private readonly hashes = new Int32Array(MAX_NAMES);
  private readonly starts = new Int32Array(MAX_NAMES);
  private readonly lengths = new Int32Array(MAX_NAMES);
  private bytes = new Uint8Array(1 << 16);
  /** Bytes of `bytes` in use. */
  private used = 0;
  private readonly names: string[] = [];
  private readonly lowers: (string | undefined)[] = [];

  /** Names kept now. */
  get size(): number {
    return this.names.length;
  }

  /**
   * The index of the name written as `text[start, end)` (valid UTF-8), added when new; -1 for a name too
   * long to keep. Valid until the next call: the table may start over.
   */
  indexOf(text: Uint8Array, start: number, end: number): number {
    return end - start > MAX_KEPT_NAME_BYTES ? -1 : this.find(text, start, end);
  }

  /** The name at `index` (from indexOf on the same bytes): the same string every time for the same bytes. */
  name(index: number, text: Uint8Array, start: number, end: number): string {
    return index === -1 ? decode(text, start, end) : (this.names[index] as string);
  }

  /** The name at `index` (from indexOf on the same bytes), lower-cased. */
  lower(index: number, text: Uint8Array, start: number, end: number): string {
    if (index === -1) return decode(text, start, end).toLowerCase();
    return (this.lowers[index] ??= (this.names[index] as string).toLowerCase());
  }

  private find(text: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0; // as int32, like every hash Int32Array keeps
    for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ (text[i] as number), 0x01000193);
    const length = end - start;
    for (let slot = hash & (SLOT_COUNT - 1); ; slot = (slot + 1) & (SLOT_COUNT - 1)) {
      const index = this.slots[slot] as number;
      if (index === NO_NAME) return this.add(text, start, end, hash, slot);
      if (this.hashes[index] === hash && this.lengths[index] === length && this.sameBytes(index, text, start, length)) return index;
    }
  }

  private sameBytes(index: number, text: Uint8Array, start: number, length: number): boolean {
    const bytes = this.bytes;
    const at = this.starts[index] as number;
    for (let i = 0; i < length; i += 1) if (bytes[at + i] !== text[start + i]) return false;
    return true;
  }

  private add(text: Uint8Array, start: number, end: number, hash: number, slot: number): number {
    const length = end - start;
    if (this.names.length === MAX_NAMES || this.used + length > MAX_BYTES) {
      this.clear();
      return this.find(text, start, end);
    }
    if (this.used + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.bytes.set(text.subarray(start, end), this.used);
    const index = this.names.length;
    this.hashes[index] = hash;
    this.starts[index] = this.used;
    this.lengths[index] = length;
    this.used += length;
    this.slots[slot] = index;
    this.names.push(decode(text, start, end));
    this.lowers.push(undefined);
    return index;
  }

  private clear(): void {
    this.slots.fill(NO_NAME);
    this.names.length = 0;
    this.lowers.length = 0;
    this.used = 0;
  }
}

function decode(text: Uint8Array, start: number, end: number): string {
  return Buffer.from(text.buffer, text.byteOffset + start, end - start).toString('utf8');
}
