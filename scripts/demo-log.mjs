// `node scripts/demo-log.mjs` (after `npm run build`): writes the demo's sample log from the engine's seeded
// generator to assets/demo/murmur-demo.log.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEMO_SAMPLE_PATH } from '../dist/main/core/demo/demo.js';
import { renderDemoSample } from '../dist/main/core/demo/sample-log.js';

const text = renderDemoSample();
mkdirSync(dirname(DEMO_SAMPLE_PATH), { recursive: true });
writeFileSync(DEMO_SAMPLE_PATH, text);
console.log(`${DEMO_SAMPLE_PATH}: ${text.split('\n').length - 1} lines, ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB`);
