// @ts-check
// Image files written by hand: PNG (through pngjs), Windows .ico and macOS .icns containers.
import pngjs from 'pngjs';

/** @typedef {{ size: number, rgba: Buffer }} Bitmap a square RGBA image, rows from the top */

/** Encodes a square RGBA bitmap as PNG with fixed settings, so the bytes depend only on the pixels. */
export function encodePng(/** @type {Bitmap} */ bitmap) {
  const png = new pngjs.PNG({ width: bitmap.size, height: bitmap.size });
  bitmap.rgba.copy(png.data);
  return pngjs.PNG.sync.write(png, { colorType: 6, deflateLevel: 9, filterType: -1 });
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
export const ICNS_TYPES = [
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
