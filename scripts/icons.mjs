// @ts-check
// `npm run icons [-- --out DIR]`: renders every icon file from the one source image (scripts/icons/mark.mjs)
// into assets/ (or DIR, same layout). The output depends only on this code, so re-running it re-creates the
// committed files byte for byte (test/unit/icons.test.ts checks that).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeIco, encodeIcns, encodePng } from './icons/containers.mjs';
import { appIconLayers, trayLayers } from './icons/mark.mjs';
import { rasterise } from './icons/shapes.mjs';
import { TRAY_FILES } from './icons/tray-files.mjs';

/** Linux hicolor sizes (electron-builder reads `NxN.png` from the icon folder). */
const APP_PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Windows shell sizes: 100 %–200 % of the small and large icon, plus 256 for Explorer's big views. */
const APP_ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 256];

/** @returns {Map<string, Buffer>} relative path → file bytes */
function renderIcons() {
  /** @type {Map<number, Buffer>} */
  const appRgba = new Map();
  const app = (/** @type {number} */ size) => {
    let rgba = appRgba.get(size);
    if (!rgba) appRgba.set(size, (rgba = rasterise(size, appIconLayers(size))));
    return { size, rgba };
  };
  const files = new Map();
  for (const size of APP_PNG_SIZES) files.set(`icons/${size}x${size}.png`, encodePng(app(size)));
  files.set('build/icon.ico', encodeIco(APP_ICO_SIZES.map(app)));
  files.set('build/icon.icns', encodeIcns((size) => encodePng(app(size))));
  for (const file of TRAY_FILES) {
    const bitmaps = file.sizes.map((size) => ({ size, rgba: rasterise(size, trayLayers(file.state, file.template)) }));
    const [first] = bitmaps;
    if (!first) throw new Error(`${file.path}: no sizes`);
    files.set(file.path, file.path.endsWith('.ico') ? encodeIco(bitmaps) : encodePng(first));
  }
  return files;
}

const { values } = parseArgs({ options: { out: { type: 'string', default: 'assets' } } });
const outDir = values.out ?? 'assets';
for (const [path, bytes] of renderIcons()) {
  const target = join(outDir, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}
console.log(`icons written to ${outDir}/`);
