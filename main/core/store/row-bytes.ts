// Rows of numbers as JSON (`[1,2,3],[4,5,6]`), written straight into a buffer that grows: a backfill stores a
// row for each of hundreds of thousands of sessions, and a string per row (or an array handed to
// JSON.stringify) cost it more than the rest of the store together. Each row's bytes are made once; a
// write copies them.

/** Most bytes one number takes (JSON.stringify of a double is at most 24 characters), with its comma. */
const MAX_NUMBER_BYTES = 25;
const MINUS = 45;
const ZERO = 48;
const COMMA = 44;
const OPEN = 91;
const CLOSE = 93;
const INT32_MAX = 2 ** 31 - 1;

export class RowBytes {
  #buffer: Buffer;
  #length = 0;
  /** Where each row starts (after the comma that separates it from the one before). */
  #starts: number[] = [];
  /** No number written yet in the row begun last. */
  #rowEmpty = false;

  constructor(capacity = 2048) {
    this.#buffer = Buffer.allocUnsafe(capacity);
  }

  get count(): number {
    return this.#starts.length;
  }

  /** The rows so far, comma-separated (a view: valid until the next change). */
  get bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  /** Starts a row: value() for each of its numbers follows, then end(). */
  begin(): void {
    this.#room(2);
    if (this.#starts.length > 0) this.#buffer[this.#length++] = COMMA;
    this.#starts.push(this.#length);
    this.#buffer[this.#length++] = OPEN;
    this.#rowEmpty = true;
  }

  /** A number of the row begun last, written as JSON.stringify writes it. */
  value(number: number): void {
    this.#room(MAX_NUMBER_BYTES);
    const buffer = this.#buffer;
    if (!this.#rowEmpty) buffer[this.#length++] = COMMA;
    this.#rowEmpty = false;
    if (!Number.isSafeInteger(number)) {
      this.#length += buffer.write(JSON.stringify(number), this.#length, 'latin1');
      return;
    }
    let rest = number;
    if (rest < 0) {
      buffer[this.#length++] = MINUS;
      rest = -rest;
    }
    let digits = 1;
    for (let power = 10; power <= rest; power *= 10) digits += 1;
    const end = this.#length + digits;
    let at = end - 1;
    // Digits in 32-bit integer arithmetic once the rest fits: most numbers of a row fit from the start.
    for (; rest > INT32_MAX; at -= 1) {
      buffer[at] = ZERO + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    for (let small = rest | 0; at >= this.#length; at -= 1) {
      const tenth = (small / 10) | 0;
      buffer[at] = ZERO + small - tenth * 10;
      small = tenth;
    }
    this.#length = end;
  }

  end(): void {
    this.#room(1);
    this.#buffer[this.#length++] = CLOSE;
  }

  /** Keeps only the rows whose index `keep` accepts, in their order. */
  retain(keep: (index: number) => boolean): void {
    const starts: number[] = [];
    const kept = Buffer.allocUnsafe(this.#buffer.length);
    let length = 0;
    this.#starts.forEach((start, index) => {
      if (!keep(index)) return;
      // A row ends where the next one's separating comma is.
      const end = index + 1 < this.#starts.length ? (this.#starts[index + 1] as number) - 1 : this.#length;
      if (starts.length > 0) kept[length++] = COMMA;
      starts.push(length);
      length += this.#buffer.copy(kept, length, start, end);
    });
    this.#buffer = kept;
    this.#length = length;
    this.#starts = starts;
  }

  /** Makes sure `bytes` more fit, doubling the buffer when they do not. */
  #room(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + bytes));
    this.#buffer.copy(larger, 0, 0, this.#length);
    this.#buffer = larger;
  }
}
