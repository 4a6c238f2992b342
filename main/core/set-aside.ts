// An unusable data file (corrupt store, invalid settings) is renamed, never overwritten, so the user can
// still inspect it: `monitor.json` → `monitor.json.corrupt-2026-11-27T13-11-15-961Z`.
import { rename } from 'node:fs/promises';

/** Renames `path` beside itself with `label` and the time; resolves with the new name. */
export async function setAside(path: string, label: string, now: Date = new Date()): Promise<string> {
  const aside = `${path}.${label}-${now.toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, aside);
  return aside;
}
