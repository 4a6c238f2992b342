// What a source spec names (`--source NAME=SPEC`, and a source's "Log" in the settings): a log file's path,
// `journal:UNIT` (the systemd journal of a unit) or `docker:CONTAINER` (a container's json-file log).
import { unitName } from './journal/journalctl.js';

export type SourceSpec = { kind: 'file'; path: string } | { kind: 'journal'; unit: string } | { kind: 'docker'; container: string };

/** A kind and a colon; two letters at least, so that a Windows drive (`C:\logs\murmur.log`) stays a path. */
const KIND_PREFIX = /^([a-z][a-z0-9-]+):/;

/** Docker's container names (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`) and ids. */
const CONTAINER = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** What `spec` names; throws an Error saying what is wrong with a `journal:` or `docker:` spec or an unknown kind. */
export function parseSourceSpec(spec: string): SourceSpec {
  const kind = KIND_PREFIX.exec(spec)?.[1];
  if (kind === undefined) return { kind: 'file', path: spec };
  const rest = spec.slice(kind.length + 1);
  if (kind === 'journal') {
    if (rest === '') throw new Error('journal: needs the name of the systemd unit that runs Murmur, e.g. journal:mumble-server');
    return { kind: 'journal', unit: unitName(rest) };
  }
  if (kind === 'docker') {
    if (!CONTAINER.test(rest)) throw new Error(`docker: needs a container's name or id, e.g. docker:mumble-server (got "${rest}")`);
    return { kind: 'docker', container: rest.replace(/^\//, '') };
  }
  throw new Error(`"${kind}:" is not a kind of source: give a log file's path, journal:UNIT or docker:CONTAINER`);
}
