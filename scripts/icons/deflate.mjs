// @ts-check
// A small zlib (RFC 1950/1951) compressor: greedy LZ77 over a 32 KiB window, fixed Huffman codes. It is here
// so the icon bytes depend only on this code: Node's bundled zlib may pick other matches in another release
// or on another CPU, and the committed icons must be re-created byte for byte anywhere.

const WINDOW = 32_768;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const MAX_CHAIN = 48;
const HASH_BITS = 15;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** Index into LENGTH_BASE for every match length 3..258. */
const LENGTH_CODE = new Uint8Array(MAX_MATCH + 1);
LENGTH_BASE.forEach((base, code) => LENGTH_CODE.fill(code, base, (LENGTH_BASE[code + 1] ?? MAX_MATCH + 1)));
LENGTH_CODE[MAX_MATCH] = 28;

/** Writes bits least-significant first, as deflate packs them. */
class BitWriter {
  constructor(/** @type {number} */ capacity) {
    this.bytes = Buffer.alloc(capacity);
    this.length = 0;
    this.bits = 0;
    this.count = 0;
  }

  /** @param {number} value @param {number} width */
  write(value, width) {
    this.bits |= value << this.count;
    this.count += width;
    while (this.count >= 8) {
      this.push(this.bits & 255);
      this.bits >>>= 8;
      this.count -= 8;
    }
  }

  /** A Huffman code: deflate stores it most-significant bit first. @param {number} code @param {number} width */
  writeCode(code, width) {
    let reversed = 0;
    for (let i = 0; i < width; i += 1) reversed |= ((code >> i) & 1) << (width - 1 - i);
    this.write(reversed, width);
  }

  /** @param {number} byte */
  push(byte) {
    if (this.length === this.bytes.length) {
      const bigger = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(bigger);
      this.bytes = bigger;
    }
    this.bytes[this.length++] = byte;
  }

  finish() {
    if (this.count > 0) this.push(this.bits & 255);
    return this.bytes.subarray(0, this.length);
  }
}

/** The fixed literal/length code of RFC 1951 §3.2.6. @param {BitWriter} out @param {number} symbol */
function writeLiteralOrLength(out, symbol) {
  if (symbol < 144) out.writeCode(0x30 + symbol, 8);
  else if (symbol < 256) out.writeCode(0x190 + symbol - 144, 9);
  else if (symbol < 280) out.writeCode(symbol - 256, 7);
  else out.writeCode(0xc0 + symbol - 280, 8);
}

/** @param {BitWriter} out @param {number} length @param {number} distance */
function writeMatch(out, length, distance) {
  const lengthCode = /** @type {number} */ (LENGTH_CODE[length]);
  writeLiteralOrLength(out, 257 + lengthCode);
  out.write(length - (LENGTH_BASE[lengthCode] ?? 0), LENGTH_EXTRA[lengthCode] ?? 0);
  let distanceCode = 29;
  while ((DISTANCE_BASE[distanceCode] ?? 0) > distance) distanceCode -= 1;
  out.writeCode(distanceCode, 5);
  out.write(distance - (DISTANCE_BASE[distanceCode] ?? 0), DISTANCE_EXTRA[distanceCode] ?? 0);
}

/** @param {Buffer} data */
function adler32(data) {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; i += 1) {
    a = (a + (data[i] ?? 0)) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** zlib stream of `data`: one final fixed-Huffman block. @param {Buffer} data @returns {Buffer} */
export function zlibDeflate(data) {
  const out = new BitWriter(Math.max(64, data.length >> 2));
  out.write(0x78, 8); // CMF: deflate, 32 KiB window
  out.write(0x01, 8); // FLG: fastest-level hint, no dictionary, (0x7801 % 31 === 0)
  out.write(1, 1); // BFINAL
  out.write(1, 2); // BTYPE 01: fixed Huffman
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const previous = new Int32Array(WINDOW).fill(-1);
  const hashAt = (/** @type {number} */ i) => ((((data[i] ?? 0) << 10) ^ ((data[i + 1] ?? 0) << 5) ^ (data[i + 2] ?? 0)) & ((1 << HASH_BITS) - 1));
  const insert = (/** @type {number} */ i) => {
    if (i + MIN_MATCH > data.length) return;
    const hash = hashAt(i);
    previous[i % WINDOW] = /** @type {number} */ (head[hash]);
    head[hash] = i;
  };
  let i = 0;
  while (i < data.length) {
    let bestLength = 0;
    let bestDistance = 0;
    if (i + MIN_MATCH <= data.length) {
      const limit = Math.min(MAX_MATCH, data.length - i);
      let candidate = /** @type {number} */ (head[hashAt(i)]);
      for (let chain = 0; chain < MAX_CHAIN && candidate >= 0 && i - candidate <= WINDOW; chain += 1) {
        let length = 0;
        while (length < limit && data[candidate + length] === data[i + length]) length += 1;
        if (length > bestLength) {
          bestLength = length;
          bestDistance = i - candidate;
          if (length === limit) break;
        }
        const next = /** @type {number} */ (previous[candidate % WINDOW]);
        if (next >= candidate) break; // the slot was reused by a newer position: the chain ends here
        candidate = next;
      }
    }
    if (bestLength >= MIN_MATCH) {
      writeMatch(out, bestLength, bestDistance);
      for (let end = i + bestLength; i < end; i += 1) insert(i);
    } else {
      writeLiteralOrLength(out, /** @type {number} */ (data[i]));
      insert(i);
      i += 1;
    }
  }
  writeLiteralOrLength(out, 256); // end of block
  const stream = out.finish();
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32(data));
  return Buffer.concat([stream, trailer]);
}
