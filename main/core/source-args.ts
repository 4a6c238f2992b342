// `--source NAME=PATH` (repeatable), shared by `murmur-monitor report` and `murmur-monitor serve`.
import { resolve } from 'node:path';
import type { SourceConfig } from './monitor-types.js';

/** Bad command-line arguments: the command prints the message and its usage, and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `NAME=PATH` → a source; PATH is resolved against the working directory. */
export function parseSourceArg(value: string): SourceConfig {
  const equals = value.indexOf('=');
  if (equals === -1) throw new UsageError(`--source ${JSON.stringify(value)}: expected NAME=PATH (missing '=')`);
  const name = value.slice(0, equals);
  const path = value.slice(equals + 1);
  if (name.trim() === '') throw new UsageError(`--source ${JSON.stringify(value)}: the NAME before '=' is empty`);
  if (name !== name.trim()) throw new UsageError(`--source ${JSON.stringify(value)}: NAME has leading or trailing spaces`);
  // Control characters would garble every place a name is shown (menus, logs, CSV).
  if (/\p{Cc}/u.test(name)) throw new UsageError(`--source ${JSON.stringify(value)}: NAME contains control characters`);
  if (path === '') throw new UsageError(`--source ${JSON.stringify(value)}: the PATH after '=' is empty`);
  return { name, path: resolve(path) };
}

/** Checks a list of `NAME=PATH` values: at least one, names unique. */
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

/**
 * Takes every `--source NAME=PATH` / `--source=NAME=PATH` out of `argv`.
 * Returns the sources (checked as in parseSources) and the other arguments, in order.
 */
export function takeSources(argv: readonly string[]): { sources: SourceConfig[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--source') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError('--source needs a value: --source NAME=PATH');
      values.push(value);
      i += 1;
    } else if (arg.startsWith('--source=')) {
      values.push(arg.slice('--source='.length));
    } else {
      rest.push(arg);
    }
  }
  return { sources: parseSources(values), rest };
}
