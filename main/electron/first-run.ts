// First start with no source configured: Murmur servers found on this machine become sources; when none
// can be followed the settings open with a prompt (and the demo as a way to try the app).
import type { DiscoveredServer, SourceSettings } from '../contract.js';

function baseName(iniPath: string): string {
  const file = iniPath.split(/[\\/]/).pop() ?? 'murmur';
  const stem = file.replace(/\.ini$/i, '').replace(/[^\w.-]+/g, '-');
  return stem === '' ? 'murmur' : stem.slice(0, 36);
}

/** Sources for every discovered server whose log can be read, with unique names. */
export function sourcesFromDiscovery(found: DiscoveredServer[]): SourceSettings[] {
  const taken = new Set<string>();
  const sources: SourceSettings[] = [];
  for (const server of found) {
    if (server.logPath === null || server.problem !== undefined) continue;
    if (sources.some((source) => source.path === server.logPath)) continue;
    const base = baseName(server.iniPath);
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}-${n}`;
    taken.add(name);
    const source: SourceSettings = { name, path: server.logPath };
    if (server.capacity !== undefined && server.capacity > 0) source.capacity = server.capacity;
    sources.push(source);
  }
  return sources;
}

export type StartupPlan =
  | { kind: 'configured' }
  | { kind: 'discovered'; sources: SourceSettings[] }
  | { kind: 'first-run'; found: DiscoveredServer[] };

export function startupPlan(configured: SourceSettings[], found: DiscoveredServer[]): StartupPlan {
  if (configured.length > 0) return { kind: 'configured' };
  const sources = sourcesFromDiscovery(found);
  return sources.length > 0 ? { kind: 'discovered', sources } : { kind: 'first-run', found };
}
