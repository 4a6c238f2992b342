// @ts-check
// Signed-distance shapes in icon units (0..1 across the canvas) and a rasteriser that paints layers of them
// into an RGBA buffer with analytic anti-aliasing. Only +, -, *, /, sqrt, min, max and abs are used, all
// exactly rounded in IEEE 754, so every machine renders the same bytes (no atan2/hypot, whose last bit varies).

/** @typedef {{ distance(x: number, y: number): number }} Shape distance < 0 inside, in icon units */
/** @typedef {[number, number, number, number]} Rgba channels 0..1, not premultiplied */
/** @typedef {Rgba | ((x: number, y: number) => Rgba)} Paint */
/** @typedef {{ shape: Shape, paint: Paint, softness?: number }} Layer softness: edge width in icon units (default one pixel) */

/** @param {number} x @param {number} y */
const length = (x, y) => Math.sqrt(x * x + y * y);

/** @param {number} cx @param {number} cy @param {number} radius @returns {Shape} */
export function circle(cx, cy, radius) {
  return { distance: (x, y) => length(x - cx, y - cy) - radius };
}

/**
 * Rectangle centred on (cx, cy) with half sizes hw, hh and corner radius r.
 * @param {number} cx @param {number} cy @param {number} hw @param {number} hh @param {number} r @returns {Shape}
 */
export function roundedBox(cx, cy, hw, hh, r) {
  return {
    distance(x, y) {
      const qx = Math.abs(x - cx) - hw + r;
      const qy = Math.abs(y - cy) - hh + r;
      return length(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
    },
  };
}

/**
 * A stroke from a to b with round caps, half-thickness r.
 * @param {number} ax @param {number} ay @param {number} bx @param {number} by @param {number} r @returns {Shape}
 */
export function capsule(ax, ay, bx, by, r) {
  const dx = bx - ax;
  const dy = by - ay;
  const squared = dx * dx + dy * dy;
  return {
    distance(x, y) {
      const t = squared === 0 ? 0 : Math.min(Math.max(((x - ax) * dx + (y - ay) * dy) / squared, 0), 1);
      return length(x - ax - t * dx, y - ay - t * dy) - r;
    },
  };
}

/**
 * The upper half of a ring (a headband): centre, mid-line radius, half-thickness.
 * @param {number} cx @param {number} cy @param {number} radius @param {number} halfThickness @returns {Shape}
 */
export function upperArc(cx, cy, radius, halfThickness) {
  return {
    distance: (x, y) => Math.max(Math.abs(length(x - cx, y - cy) - radius) - halfThickness, y - cy),
  };
}

/** @param {Shape[]} shapes @returns {Shape} */
export function union(...shapes) {
  return {
    distance(x, y) {
      let best = Infinity;
      for (const shape of shapes) best = Math.min(best, shape.distance(x, y));
      return best;
    },
  };
}

/** `shape` with `cut` taken out. @param {Shape} shape @param {Shape} cut @returns {Shape} */
export function subtract(shape, cut) {
  return { distance: (x, y) => Math.max(shape.distance(x, y), -cut.distance(x, y)) };
}

/** Top-to-bottom gradient between two colours. @param {Rgba} top @param {Rgba} bottom @returns {Paint} */
export function verticalGradient(top, bottom) {
  return (_x, y) => {
    const t = Math.min(Math.max(y, 0), 1);
    return /** @type {Rgba} */ (top.map((channel, i) => channel + ((bottom[i] ?? 0) - channel) * t));
  };
}

/** '#rrggbb' (+ optional alpha 0..1) to channels. @param {string} hex @returns {Rgba} */
export function rgb(hex, alpha = 1) {
  const value = Number.parseInt(hex.slice(1), 16);
  return [((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255, alpha];
}

/** @param {number} value 0..1 */
const byte = (value) => Math.round(Math.min(Math.max(value, 0), 1) * 255);

/**
 * Paints the layers bottom to top ("source over", premultiplied) into a size×size RGBA image.
 * @param {number} size
 * @param {Layer[]} layers
 * @returns {Buffer} size*size*4 bytes, straight (not premultiplied) alpha, row by row from the top
 */
export function rasterise(size, layers) {
  const out = Buffer.alloc(size * size * 4);
  const pixel = 1 / size;
  for (let row = 0; row < size; row += 1) {
    const y = (row + 0.5) * pixel;
    for (let column = 0; column < size; column += 1) {
      const x = (column + 0.5) * pixel;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const layer of layers) {
        const edge = layer.softness ?? pixel;
        const coverage = Math.min(Math.max(0.5 - layer.shape.distance(x, y) / edge, 0), 1);
        if (coverage === 0) continue;
        const paint = typeof layer.paint === 'function' ? layer.paint(x, y) : layer.paint;
        const alpha = paint[3] * coverage;
        r = paint[0] * alpha + r * (1 - alpha);
        g = paint[1] * alpha + g * (1 - alpha);
        b = paint[2] * alpha + b * (1 - alpha);
        a = alpha + a * (1 - alpha);
      }
      const at = (row * size + column) * 4;
      out[at] = a === 0 ? 0 : byte(r / a);
      out[at + 1] = a === 0 ? 0 : byte(g / a);
      out[at + 2] = a === 0 ? 0 : byte(b / a);
      out[at + 3] = byte(a);
    }
  }
  return out;
}
