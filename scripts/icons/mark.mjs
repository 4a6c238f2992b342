// @ts-check
// The one source image of Murmur Monitor: a headset around a voice wave, with a badge at the top right
// (the "who is online" count area). Every icon file is rendered from these shapes: the detailed mark for
// large app icons, a bolder pixel-aligned one for small icons and the tray, with a state badge.
import { capsule, circle, rgb, roundedBox, subtract, union, upperArc, verticalGradient } from './shapes.mjs';

/** @typedef {import('./shapes.mjs').Shape} Shape */
/** @typedef {import('./shapes.mjs').Layer} Layer */
/** @typedef {import('./shapes.mjs').Rgba} Rgba */
/** @typedef {'idle' | 'online' | 'error'} TrayState */

const WHITE = rgb('#ffffff');
const BLACK = rgb('#000000');
const BRAND = verticalGradient(rgb('#2f8fe0'), rgb('#1b3f94'));
const IDLE = verticalGradient(rgb('#8b95a5'), rgb('#4b5563'));
const BADGE_ACCENT = rgb('#ff5a4e');
const BADGE_ONLINE = rgb('#22c55e');
const BADGE_ERROR = rgb('#e5383b');
const SHADOW = rgb('#0b1530', 0.35);

/** Sizes at or below this get the bold, pixel-aligned mark. */
const SMALL_ICON_MAX = 48;

/** Scales a shape about the canvas centre (a glyph drawn for the full canvas placed on a tile). */
function scaled(/** @type {Shape} */ shape, /** @type {number} */ factor) {
  return { distance: (/** @type {number} */ x, /** @type {number} */ y) =>
    shape.distance(0.5 + (x - 0.5) / factor, 0.5 + (y - 0.5) / factor) * factor };
}

/** The detailed headset for large icons: thin band, tall cups, five voice bars. */
function detailedHeadset() {
  const band = union(
    upperArc(0.5, 0.5, 0.235, 0.036),
    capsule(0.265, 0.5, 0.265, 0.58, 0.036),
    capsule(0.735, 0.5, 0.735, 0.58, 0.036),
  );
  const cups = union(roundedBox(0.265, 0.635, 0.062, 0.105, 0.045), roundedBox(0.735, 0.635, 0.062, 0.105, 0.045));
  const bars = [0.035, 0.075, 0.11, 0.075, 0.035].map((half, i) => capsule(0.41 + 0.045 * i, 0.64 - half, 0.41 + 0.045 * i, 0.64 + half, 0.015));
  return union(band, cups, ...bars);
}

/** 16-unit grid used by the bold mark: edges fall on whole pixels at 16 and 32 px. */
const g = (/** @type {number} */ units) => units / 16;

/** The bold headset for 16–48 px: 2-unit band, 3-unit cups, three bars. */
function boldHeadset() {
  const band = union(upperArc(g(8), g(8), g(6), g(1)), roundedBox(g(2), g(9), g(1), g(1), 0), roundedBox(g(14), g(9), g(1), g(1), 0));
  const cups = union(roundedBox(g(2.5), g(12), g(1.5), g(3), g(1)), roundedBox(g(13.5), g(12), g(1.5), g(3), g(1)));
  const bars = union(
    roundedBox(g(5.5), g(12), g(0.5), g(1.5), g(0.5)),
    roundedBox(g(8), g(12), g(1), g(3), g(1)),
    roundedBox(g(10.5), g(12), g(0.5), g(1.5), g(0.5)),
  );
  return union(band, cups, bars);
}

/** Badge geometry: [centre x, centre y, radius, gap kept clear around it]. */
const LARGE_BADGE = [0.715, 0.305, 0.095, 0.03];
const SMALL_BADGE = [g(12.5), g(3.5), g(3.5), g(1)];

/** @param {number[]} badge */
function badgeShapes(badge) {
  const [x = 0, y = 0, r = 0, gap = 0] = badge;
  return { dot: circle(x, y, r), clearance: circle(x, y, r + gap) };
}

/** The "!" cut out of the small badge (pixel-aligned at 16 px). */
const EXCLAMATION = union(roundedBox(g(12.5), g(2.5), g(0.5), g(1.5), g(0.3)), roundedBox(g(12.5), g(5.5), g(0.5), g(0.5), g(0.3)));

/** Shrinks the bold mark onto a tile; the badge stays inside the tile so small icons keep a clean outline. */
const TILE_GLYPH_SCALE = 0.78;

/**
 * A tile with the bold mark: used by small app icons and the coloured tray icons.
 * @param {import('./shapes.mjs').Paint} tilePaint
 * @param {Rgba | null} badgePaint no badge when null
 * @param {boolean} exclamation a white "!" on the badge
 * @returns {Layer[]}
 */
function smallTile(tilePaint, badgePaint, exclamation) {
  const fit = (/** @type {Shape} */ shape) => scaled(shape, TILE_GLYPH_SCALE);
  const { dot, clearance } = badgeShapes(SMALL_BADGE);
  const glyph = badgePaint ? subtract(boldHeadset(), clearance) : boldHeadset();
  /** @type {Layer[]} */
  const layers = [
    { shape: roundedBox(0.5, 0.5, 0.47, 0.47, 0.2), paint: tilePaint },
    { shape: fit(glyph), paint: WHITE },
  ];
  if (badgePaint) layers.push({ shape: fit(dot), paint: badgePaint });
  if (exclamation) layers.push({ shape: fit(EXCLAMATION), paint: WHITE });
  return layers;
}

/** The application icon at `size` px: a rounded tile (macOS grid: 824 of 1024, 185 corner) with the mark. */
export function appIconLayers(/** @type {number} */ size) {
  if (size <= SMALL_ICON_MAX) return smallTile(BRAND, BADGE_ACCENT, false);
  const { dot, clearance } = badgeShapes(LARGE_BADGE);
  return [
    { shape: roundedBox(0.5, 0.512, 0.4023, 0.4023, 0.181), paint: SHADOW, softness: 0.03 },
    { shape: roundedBox(0.5, 0.5, 0.4023, 0.4023, 0.181), paint: BRAND },
    { shape: subtract(detailedHeadset(), clearance), paint: WHITE },
    { shape: dot, paint: BADGE_ACCENT },
  ];
}

/**
 * A tray icon for `state`. `template`: black and alpha only (macOS menu bar template image, tinted by the
 * system); otherwise a coloured tile that reads on light and dark panels (Windows, Linux).
 * @param {TrayState} state
 * @param {boolean} template
 * @returns {Layer[]}
 */
export function trayLayers(state, template) {
  if (!template) {
    if (state === 'idle') return smallTile(IDLE, null, false);
    return smallTile(BRAND, state === 'online' ? BADGE_ONLINE : BADGE_ERROR, state === 'error');
  }
  if (state === 'idle') return [{ shape: boldHeadset(), paint: BLACK }];
  const { dot, clearance } = badgeShapes(SMALL_BADGE);
  const badge = state === 'error' ? subtract(dot, EXCLAMATION) : dot;
  return [{ shape: union(subtract(boldHeadset(), clearance), badge), paint: BLACK }];
}
