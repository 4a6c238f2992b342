// The demo's sample log: four weeks of a busy Murmur 1.5 with two virtual servers, restarts, a crash and
// hostile names, from the engine's seeded generator. `node scripts/demo-log.mjs` (after a build) writes it
// to assets/demo/murmur-demo.log, committed, so the demo itself never runs the generator.
import { generateSyntheticLog, type SyntheticLogOptions } from '../synthetic/log.js';

const DEMO_SAMPLE_OPTIONS: SyntheticLogOptions = {
  seed: 20_261_127,
  days: 28,
  style: '1.5',
  startDate: '2026-10-30',
  loginsPerDay: 40,
  users: 60,
  // One file that was never rotated: no SIGHUP markers in the middle of it.
  rotateEveryDays: 1000,
};

export function renderDemoSample(): string {
  return generateSyntheticLog(DEMO_SAMPLE_OPTIONS).text;
}
