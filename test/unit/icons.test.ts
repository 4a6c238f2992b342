// The committed icons are exactly what `npm run icons` renders, and each file is a well-formed image of the
// size and kind its OS expects. The containers (.ico, .icns) are read back by hand here.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pngjs from 'pngjs';
import { allTrayIconFiles } from '../../main/electron/tray-icons.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const GENERATED_DIRS = ['icons', 'build', 'tray'];

function filesUnder(root: string): string[] {
  return GENERATED_DIRS.flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name))),
  ).sort();
}

const decode = (bytes: Buffer) => pngjs.PNG.sync.read(bytes);

interface IcoEntry {
  size: number;
  data: Buffer;
}

function readIco(bytes: Buffer): IcoEntry[] {
  assert.equal(bytes.readUInt16LE(0), 0);
  assert.equal(bytes.readUInt16LE(2), 1, 'type 1 = icon');
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i;
    const length = bytes.readUInt32LE(at + 8);
    const offset = bytes.readUInt32LE(at + 12);
    assert.ok(offset + length <= bytes.length, 'entry inside the file');
    return { size: bytes.readUInt8(at) || 256, data: bytes.subarray(offset, offset + length) };
  });
}

/** Width of an .ico entry, from its PNG header or its BITMAPINFOHEADER (whose height counts the mask too). */
function icoEntryWidth({ data }: IcoEntry): number {
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) return decode(data).width;
  assert.equal(data.readUInt32LE(0), 40, 'BITMAPINFOHEADER');
  assert.equal(data.readInt32LE(8), 2 * data.readInt32LE(4), 'height covers colour and mask rows');
  assert.equal(data.readUInt16LE(14), 32, '32 bits per pixel');
  return data.readInt32LE(4);
}

function readIcns(bytes: Buffer): Map<string, Buffer> {
  assert.equal(bytes.toString('latin1', 0, 4), 'icns');
  assert.equal(bytes.readUInt32BE(4), bytes.length, 'the header holds the file length');
  const elements = new Map<string, Buffer>();
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at + 4);
    assert.ok(length > 8 && at + length <= bytes.length, 'element inside the file');
    elements.set(bytes.toString('latin1', at, at + 4), bytes.subarray(at + 8, at + length));
    at += length;
  }
  return elements;
}

describe('icons', () => {
  let fresh = '';
  before(() => {
    fresh = mkdtempSync(join(tmpdir(), 'icons-'));
    execFileSync(process.execPath, ['scripts/icons.mjs', '--out', fresh]);
  });
  after(() => rmSync(fresh, { recursive: true, force: true }));

  it('re-renders the committed files byte for byte, with no stale files left in assets/', () => {
    const committed = filesUnder('assets');
    assert.deepEqual(committed, filesUnder(fresh));
    for (const file of committed) {
      assert.ok(readFileSync(join('assets', file)).equals(readFileSync(join(fresh, file))), `${file} differs: run npm run icons`);
    }
  });

  it("compresses with its own deflate, which Node's inflate reads back exactly", () => {
    // Inputs that reach the edges: nothing, one byte, noise, long runs (258-byte matches), a period of exactly
    // the 32 KiB window (the farthest distance deflate allows).
    const script = `
      import { inflateSync } from 'node:zlib';
      import { zlibDeflate } from ${JSON.stringify(new URL('../../../scripts/icons/deflate.mjs', import.meta.url).href)};
      let seed = 1;
      // 32-bit arithmetic (Math.imul): in doubles the product loses its low bits and the noise turns to zeros.
      const noise = Buffer.from(Array.from({ length: 70000 }, () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24));
      const period = Buffer.concat([noise.subarray(0, 32768), noise.subarray(0, 32768), noise.subarray(0, 100)]);
      for (const input of [Buffer.alloc(0), Buffer.from([7]), noise, Buffer.alloc(100000), period]) {
        if (!inflateSync(zlibDeflate(input)).equals(input)) throw new Error('round trip failed at ' + input.length + ' bytes');
      }
      if (zlibDeflate(period).length > 40000) throw new Error('the repeat was not found');`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script]);
  });

  it('makes exactly the tray files the Electron shell loads', () => {
    const tray = filesUnder(fresh).filter((file) => file.startsWith('tray'));
    assert.deepEqual(tray.map((file) => `assets/${file}`).sort(), [...allTrayIconFiles()].sort());
  });

  it('has the Linux app icon sizes, each the size its name says', () => {
    const names = readdirSync('assets/icons');
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      assert.ok(names.includes(`${size}x${size}.png`));
      const png = decode(readFileSync(`assets/icons/${size}x${size}.png`));
      assert.deepEqual([png.width, png.height], [size, size]);
    }
  });

  it('writes a Windows .ico with small BMP entries and a 256 px PNG entry', () => {
    const entries = readIco(readFileSync('assets/build/icon.ico'));
    assert.deepEqual(entries.map((entry) => entry.size), [16, 20, 24, 32, 40, 48, 64, 256]);
    for (const entry of entries) assert.equal(icoEntryWidth(entry), entry.size);
    assert.ok(entries.at(-1)?.data.subarray(0, 8).equals(PNG_SIGNATURE));
  });

  it('writes a macOS .icns with PNG elements up to 1024 px', () => {
    const elements = readIcns(readFileSync('assets/build/icon.icns'));
    const expected: Record<string, number> = { icp4: 16, icp5: 32, ic11: 32, ic12: 64, ic07: 128, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024 };
    for (const [type, size] of Object.entries(expected)) {
      const png = elements.get(type);
      assert.ok(png, type);
      assert.equal(decode(png).width, size, type);
    }
  });

  it('draws macOS tray templates in black and alpha only, and the states differ', () => {
    const pixels = new Map<string, Buffer>();
    for (const file of allTrayIconFiles().filter((name) => name.endsWith('Template.png') || name.endsWith('Template@2x.png'))) {
      const png = decode(readFileSync(file));
      assert.equal(png.width, file.includes('@2x') ? 32 : 16, file);
      let opaque = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        assert.deepEqual([png.data[i], png.data[i + 1], png.data[i + 2]], [0, 0, 0], `${file}: black only`);
        if (png.data[i + 3] === 255) opaque += 1;
      }
      assert.ok(opaque > png.width * 2 && opaque < png.width * png.width / 2, `${file}: a glyph, not empty or solid`);
      pixels.set(file, png.data);
    }
    const states = [...pixels.entries()].filter(([file]) => !file.includes('@2x')).map(([, data]) => data.toString('hex'));
    assert.equal(new Set(states).size, 3, 'idle, online and error look different');
  });

  it('gives Windows tray .ico files the notification-area sizes, and Linux tray PNGs their named size', () => {
    for (const file of allTrayIconFiles()) {
      if (file.endsWith('.ico')) {
        const entries = readIco(readFileSync(file));
        assert.deepEqual(entries.map(icoEntryWidth), [16, 20, 24, 32, 40, 48], file);
      }
      const linux = /-(\d+)\.png$/.exec(file);
      if (linux) assert.equal(decode(readFileSync(file)).width, Number(linux[1]), file);
    }
  });
});
