// @ts-check
// Image files written by hand: PNG (with our own deflate, see deflate.mjs), Windows .ico and macOS .icns.
import { crc32 } from 'node:zlib';
import { zlibDeflate } from './deflate.mjs';

/** @typedef {{ size: number, rgba: Buffer }} Bitmap a square RGBA image, rows from the top */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** @param {string} type @param {Buffer} data */
function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** Predicted byte of PNG filter 4. @param {number} left @param {number} up @param {number} upLeft */
function paeth(left, up, upLeft) {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** What PNG filter `filter` (0 none, 1 sub, 2 up, 3 average, 4 Paeth) predicts for a byte. */
function predict(/** @type {number} */ filter, /** @type {number} */ left, /** @type {number} */ up, /** @type {number} */ upLeft) {
  switch (filter) {
    case 1: return left;
    case 2: return up;
    case 3: return (left + up) >> 1;
    case 4: return paeth(left, up, upLeft);
    default: return 0;
  }
}

/**
 * Scanlines with a filter byte each: per row the filter whose output has the smallest sum of magnitudes
 * (the heuristic the PNG specification suggests).
 * @param {Bitmap} bitmap
 */
function filterRows({ size, rgba }) {
  const stride = size * 4;
  const out = Buffer.alloc((stride + 1) * size);
  const candidate = Buffer.alloc(stride);
  for (let row = 0; row < size; row += 1) {
    const at = row * stride;
    let bestScore = Infinity;
    for (let filter = 0; filter < 5; filter += 1) {
      let score = 0;
      for (let i = 0; i < stride; i += 1) {
        const value = rgba[at + i] ?? 0;
        const left = i >= 4 ? (rgba[at + i - 4] ?? 0) : 0;
        const up = row > 0 ? (rgba[at + i - stride] ?? 0) : 0;
        const upLeft = row > 0 && i >= 4 ? (rgba[at + i - stride - 4] ?? 0) : 0;
        const predicted = predict(filter, left, up, upLeft);
        const byte = (value - predicted) & 255;
        candidate[i] = byte;
        score += byte < 128 ? byte : 256 - byte;
      }
      if (score < bestScore) {
        bestScore = score;
        out[row * (stride + 1)] = filter;
        candidate.copy(out, row * (stride + 1) + 1);
      }
    }
  }
  return out;
}

/** A square RGBA bitmap as an 8-bit RGBA PNG; the bytes depend only on the pixels. @param {Bitmap} bitmap */
export function encodePng(bitmap) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(bitmap.size, 0);
  header.writeUInt32BE(bitmap.size, 4);
  header.writeUInt8(8, 8); // bits per channel
  header.writeUInt8(6, 9); // colour type: RGBA
  // compression 0, filter method 0, no interlace: the three bytes stay 0
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlibDeflate(filterRows(bitmap))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A Windows icon holding every bitmap. Entries under 256 px are 32-bit BMP (DIB) images, which every
 * Windows loader and NSIS read; the 256 px entry is PNG, as Windows Vista and later expect.
 * @param {Bitmap[]} bitmaps
 */
export function encodeIco(bitmaps) {
  const images = bitmaps.map((bitmap) => (bitmap.size >= 256 ? encodePng(bitmap) : encodeDib(bitmap)));
  const header = Buffer.alloc(6 + 16 * bitmaps.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(bitmaps.length, 4);
  let offset = header.length;
  bitmaps.forEach((bitmap, i) => {
    const entry = 6 + 16 * i;
    const image = /** @type {Buffer} */ (images[i]);
    header.writeUInt8(bitmap.size >= 256 ? 0 : bitmap.size, entry); // 0 means 256
    header.writeUInt8(bitmap.size >= 256 ? 0 : bitmap.size, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(image.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([header, ...images]);
}

/** A BITMAPINFOHEADER image as stored in .ico: BGRA rows bottom-up, then a 1-bit AND mask (all 0: alpha rules). */
function encodeDib(/** @type {Bitmap} */ { size, rgba }) {
  const maskRowBytes = Math.ceil(size / 32) * 4;
  const out = Buffer.alloc(40 + size * size * 4 + maskRowBytes * size);
  out.writeUInt32LE(40, 0); // header size
  out.writeInt32LE(size, 4);
  out.writeInt32LE(size * 2, 8); // colour rows + mask rows
  out.writeUInt16LE(1, 12); // planes
  out.writeUInt16LE(32, 14); // bits per pixel
  out.writeUInt32LE(0, 16); // BI_RGB
  out.writeUInt32LE(size * size * 4 + maskRowBytes * size, 20);
  for (let row = 0; row < size; row += 1) {
    const target = 40 + (size - 1 - row) * size * 4;
    for (let column = 0; column < size; column += 1) {
      const from = (row * size + column) * 4;
      const to = target + column * 4;
      out[to] = rgba[from + 2] ?? 0;
      out[to + 1] = rgba[from + 1] ?? 0;
      out[to + 2] = rgba[from] ?? 0;
      out[to + 3] = rgba[from + 3] ?? 0;
    }
  }
  return out;
}

/** PNG-based .icns element types by pixel size (Apple's `iconutil` writes the same ones). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['icp6', 64],
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256], // 128@2x
  ['ic09', 512],
  ['ic14', 512], // 256@2x
  ['ic10', 1024], // 512@2x
];

/**
 * A macOS .icns: 'icns' + total length, then one (type, length, PNG) element per entry of ICNS_TYPES.
 * @param {(size: number) => Buffer} pngOfSize
 */
export function encodeIcns(pngOfSize) {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const png = pngOfSize(Number(size));
    const head = Buffer.alloc(8);
    head.write(String(type), 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + elements.reduce((sum, element) => sum + element.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}
