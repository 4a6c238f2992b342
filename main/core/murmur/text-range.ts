// Small searches and comparisons on a range of a string, written with charCodeAt: the scanner calls them
// millions of times, and V8's builtins (lastIndexOf, startsWith with a position) each cost a call.

/**
 * The last index <= `from` and >= `floor` where `pattern` starts, or -1. Written out because V8 runs
 * String.prototype.lastIndexOf as a call into C++, several times slower than this loop for one line.
 */
export function findBack(text: string, pattern: string, from: number, floor: number): number {
  const first = pattern.charCodeAt(0);
  for (let i = from; i >= floor; i -= 1) {
    if (text.charCodeAt(i) !== first) continue;
    let j = 1;
    while (j < pattern.length && text.charCodeAt(i + j) === pattern.charCodeAt(j)) j += 1;
    if (j === pattern.length) return i;
  }
  return -1;
}

/** Whether `text[a, a + length)` equals `text[b, b + length)`. */
export function sameRange(text: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i += 1) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

/** True when `text[m, to)` is exactly `word`. */
export function isExactly(text: string, m: number, to: number, word: string): boolean {
  return to - m === word.length && matchAt(text, m, word);
}

/**
 * Whether `word` is written at `at`. The same as `text.startsWith(word, at)`, written out because V8's
 * builtin costs a call per use, and a line is checked against several words.
 */
export function matchAt(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i += 1) if (text.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}

/** Index just after the run of ASCII digits in `text[from, to)` starting at `from`. */
export function readDigits(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isDigit(text.charCodeAt(i))) i += 1;
  return i;
}

/** The integer written in `text[from, to)` as `-?digits`; NaN when it is anything else. */
export function toInteger(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45; /* - */
  if (negative) i += 1;
  if (i >= to) return Number.NaN;
  let value = 0;
  for (; i < to; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return Number.NaN;
    value = value * 10 + (code - 48);
  }
  return negative ? -value : value;
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
