// JSON.parse for a large document without holding the event loop for the whole parse: monitor.json holds
// megabytes of session rows, and one JSON.parse of a year of them blocked the app's main process for a
// third of a second at start. Containers larger than a piece are taken apart member by member, every
// smaller value is one JSON.parse, and the event loop gets a turn between pieces. A document this cannot
// take apart is handed to JSON.parse whole, which gives the answer or the usual SyntaxError.
import { runInTurns } from '../in-turns.js';

export interface JsonTurnOptions {
  /** Values up to this many characters are parsed in one JSON.parse call. */
  pieceChars?: number;
  /** Longest stretch of parsing before the event loop gets a turn (ms). */
  turnMs?: number;
}

const PIECE_CHARS = 128 * 1024;

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

/** Resolves to what JSON.parse(text) returns, or rejects with the SyntaxError it throws. */
export async function parseJsonInTurns(text: string, options: JsonTurnOptions = {}): Promise<unknown> {
  try {
    return await runInTurns(new JsonPieces(text, options.pieceChars ?? PIECE_CHARS).document(), options.turnMs);
  } catch {
    // A damaged document: JSON.parse says where, in its own words (or parses what this grammar refused).
    return JSON.parse(text) as unknown;
  }
}

/** What a step of the parse ends with: the value and the index just after it. */
type Parsed = [value: unknown, end: number];

class JsonPieces {
  readonly #text: string;
  readonly #pieceChars: number;

  constructor(text: string, pieceChars: number) {
    this.#text = text;
    this.#pieceChars = pieceChars;
  }

  *document(): Generator<void, unknown, void> {
    const [value, end] = yield* this.#value(this.#skipSpace(0));
    if (this.#skipSpace(end) !== this.#text.length) throw new SyntaxError('text after the document');
    return value;
  }

  *#value(start: number): Generator<void, Parsed, void> {
    const open = this.#text.charCodeAt(start);
    const container = open === OPEN_OBJECT || open === OPEN_ARRAY;
    // A container is looked at only as far as one piece: a large one is never scanned whole before it is taken apart.
    const end = container ? this.#containerEnd(start, start + this.#pieceChars) : this.#scalarEnd(start);
    if (end === -1) return open === OPEN_OBJECT ? yield* this.#object(start) : yield* this.#array(start);
    const value: unknown = JSON.parse(this.#text.slice(start, end));
    yield;
    return [value, end];
  }

  *#object(start: number): Generator<void, Parsed, void> {
    const object: Record<string, unknown> = {};
    let at = this.#skipSpace(start + 1);
    if (this.#text.charCodeAt(at) === CLOSE_OBJECT) return [object, at + 1];
    for (;;) {
      if (this.#text.charCodeAt(at) !== QUOTE) throw new SyntaxError(`expected a key at ${at}`);
      const keyEnd = this.#stringEnd(at);
      const key = JSON.parse(this.#text.slice(at, keyEnd)) as string;
      at = this.#skipSpace(keyEnd);
      if (this.#text.charCodeAt(at) !== COLON) throw new SyntaxError(`expected ':' at ${at}`);
      const [value, end] = yield* this.#value(this.#skipSpace(at + 1));
      // As JSON.parse does: `__proto__` is a key like any other, not the object's prototype.
      Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      at = this.#afterMember(end, CLOSE_OBJECT);
      if (at < 0) return [object, -at];
    }
  }

  *#array(start: number): Generator<void, Parsed, void> {
    const array: unknown[] = [];
    let at = this.#skipSpace(start + 1);
    if (this.#text.charCodeAt(at) === CLOSE_ARRAY) return [array, at + 1];
    for (;;) {
      const [value, end] = yield* this.#value(at);
      array.push(value);
      at = this.#afterMember(end, CLOSE_ARRAY);
      if (at < 0) return [array, -at];
    }
  }

  /** After a member: where the next one starts, or minus the index after the closing `close`. */
  #afterMember(end: number, close: number): number {
    const at = this.#skipSpace(end);
    const code = this.#text.charCodeAt(at);
    if (code === COMMA) return this.#skipSpace(at + 1);
    if (code === close) return -(at + 1);
    throw new SyntaxError(`expected ',' or the end of the container at ${at}`);
  }

  /** The index just after a string or other scalar value: JSON.parse of the piece checks what it holds. */
  #scalarEnd(start: number): number {
    if (this.#text.charCodeAt(start) === QUOTE) return this.#stringEnd(start);
    let at = start;
    while (at < this.#text.length && !isDelimiter(this.#text.charCodeAt(at))) at += 1;
    return at;
  }

  /**
   * The index just after the bracket that closes the container opening at `start` (strings inside skipped),
   * or -1 when it does not close before `limit`. Which bracket closes it is for JSON.parse or the member
   * grammar above to check.
   */
  #containerEnd(start: number, limit: number): number {
    const text = this.#text;
    let depth = 0;
    for (let at = start; at < text.length && at < limit; at += 1) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) at = this.#stringEnd(at) - 1;
      else if (code === OPEN_OBJECT || code === OPEN_ARRAY) depth += 1;
      else if ((code === CLOSE_OBJECT || code === CLOSE_ARRAY) && --depth === 0) return at + 1;
    }
    if (limit < text.length) return -1;
    throw new SyntaxError(`unclosed container at ${start}`);
  }

  /** The index just after the closing quote of the string that starts at `start`. */
  #stringEnd(start: number): number {
    const text = this.#text;
    for (let at = start + 1; at < text.length; at += 1) {
      const code = text.charCodeAt(at);
      if (code === BACKSLASH) at += 1;
      else if (code === QUOTE) return at + 1;
    }
    throw new SyntaxError(`unclosed string at ${start}`);
  }

  #skipSpace(from: number): number {
    let at = from;
    while (isSpace(this.#text.charCodeAt(at))) at += 1;
    return at;
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isDelimiter(code: number): boolean {
  return isSpace(code) || code === COMMA || code === CLOSE_OBJECT || code === CLOSE_ARRAY || code === COLON;
}
