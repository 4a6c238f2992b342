// `--source NAME=SPEC` (repeatable), shared by `murmur-monitor report` and `murmur-monitor serve`.
import { resolve } from 'node:path';
import type { SourceConfig } from '../core/monitor-types.js';
import { UsageError } from './command-line.js';

/** `--source` for util.parseArgs. */
export const SOURCE_OPTION = { source: { type: 'string', multiple: true } } as const;

/**
 * A SPEC that starts with a kind and a colon (`journal:UNIT`, `docker:CONTAINER`) is read by the source
 * layer as it is; two letters at least, so that a Windows drive (`C:\logs\murmur.log`) stays a path.
 */
const KIND_PREFIX = /^[a-z][a-z0-9-]+:/;

/** `NAME=SPEC` → a source; a plain path is resolved against the working directory, a `KIND:...` spec is kept. */
export function parseSourceArg(value: string): SourceConfig {
  const equals = value.indexOf('=');
  if (equals === -1) throw new UsageError(`--source ${JSON.stringify(value)}: expected NAME=PATH (missing '=')`);
  const name = value.slice(0, equals);
  const spec = value.slice(equals + 1);
  if (name.trim() === '') throw new UsageError(`--source ${JSON.stringify(value)}: the NAME before '=' is empty`);
  if (name !== name.trim()) throw new UsageError(`--source ${JSON.stringify(value)}: NAME has leading or trailing spaces`);
  // Control characters would garble every place a name is shown (menus, logs, CSV).
  if (/\p{Cc}/u.test(name)) throw new UsageError(`--source ${JSON.stringify(value)}: NAME contains control characters`);
  if (spec === '') throw new UsageError(`--source ${JSON.stringify(value)}: the PATH after '=' is empty`);
  return { name, path: KIND_PREFIX.test(spec) ? spec : resolve(spec) };
}

/** Checks a list of `NAME=SPEC` values: at least one, names unique. */
export function parseSources(values: readonly string[]): SourceConfig[] {
  if (values.length === 0) throw new UsageError('at least one --source NAME=PATH is required');
  const sources = values.map(parseSourceArg);
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.name)) throw new UsageError(`--source ${source.name}: the name is given twice; names must be unique`);
    seen.add(source.name);
  }
  return sources;
}
