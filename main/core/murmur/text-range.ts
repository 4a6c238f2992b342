// Small searches and comparisons on a range of bytes (a line of UTF-8 log text). Every word the grammar
// looks for is ASCII, and no byte of a multi-byte UTF-8 character is ASCII, so comparing bytes with the
// char codes of an ASCII word finds exactly what comparing decoded text would.

/** The last index <= `from` and >= `floor` where the ASCII `pattern` starts, or -1. */
export function findBack(bytes: Uint8Array, pattern: string, from: number, floor: number): number {
  const first = pattern.charCodeAt(0);
  for (let i = from; i >= floor; i -= 1) {
    if (bytes[i] !== first) continue;
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern.charCodeAt(j)) j += 1;
    if (j === pattern.length) return i;
  }
  return -1;
}

/** The first index >= `from` where the ASCII `pattern` starts and fits before `to`, or -1. */
export function findForward(bytes: Uint8Array, pattern: string, from: number, to: number): number {
  const first = pattern.charCodeAt(0);
  const last = to - pattern.length;
  for (let i = from; i <= last; i += 1) {
    if (bytes[i] === first && matchAt(bytes, i, pattern)) return i;
  }
  return -1;
}

/** Whether `bytes[a, a + length)` equals `bytes[b, b + length)`. */
export function sameRange(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i += 1) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

/** True when `bytes[m, to)` is exactly the ASCII `word`. */
export function isExactly(bytes: Uint8Array, m: number, to: number, word: string): boolean {
  return to - m === word.length && matchAt(bytes, m, word);
}

/**
 * Whether the ASCII `word` is written at `at`. Past the end of the array a byte reads as undefined,
 * which matches nothing, so callers need no bound check.
 */
export function matchAt(bytes: Uint8Array, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i += 1) if (bytes[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** Whether `bytes[start, end)` is the UTF-8 form of `text`. ASCII text (almost every name) is compared in place. */
export function bytesEqual(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start < text.length) return false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return Buffer.from(text, 'utf8').equals(bytes.subarray(start, end));
    if (bytes[start + i] !== code) return false;
  }
  return end - start === text.length;
}

/** Index just after the run of ASCII digits in `bytes[from, to)` starting at `from`. */
export function readDigits(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to && isDigit(bytes[i])) i += 1;
  return i;
}

/** The integer written in `bytes[from, to)` as `-?digits`; NaN when it is anything else. */
export function toInteger(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  const negative = bytes[i] === 45; /* - */
  if (negative) i += 1;
  if (i >= to) return Number.NaN;
  let value = 0;
  for (; i < to; i += 1) {
    const code = bytes[i] as number;
    if (code < 48 || code > 57) return Number.NaN;
    value = value * 10 + (code - 48);
  }
  return negative ? -value : value;
}

/** Whether `code` (a byte, or undefined past the end of the array) is an ASCII digit. */
export function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= 48 && code <= 57;
}

/** Buffer's own decoders, which toString() calls after checking its arguments (not in @types/node). */
interface SliceDecoders {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}
const hasSliceDecoders = typeof (Buffer.prototype as Partial<SliceDecoders>).utf8Slice === 'function' && typeof (Buffer.prototype as Partial<SliceDecoders>).latin1Slice === 'function';

/**
 * `bytes[start, end)` decoded as UTF-8: a new string. Calls the decoder toString() uses directly when
 * Node has it: the tracker cuts several short fields per line, and the argument checks cost as much.
 */
export function decodeUtf8(bytes: Buffer, start: number, end: number): string {
  return hasSliceDecoders ? (bytes as Buffer & SliceDecoders).utf8Slice(start, end) : bytes.toString('utf8', start, end);
}

/** `bytes[start, end)`, known to be ASCII (a timestamp), as a string. */
export function decodeAscii(bytes: Buffer, start: number, end: number): string {
  return hasSliceDecoders ? (bytes as Buffer & SliceDecoders).latin1Slice(start, end) : bytes.toString('latin1', start, end);
}
