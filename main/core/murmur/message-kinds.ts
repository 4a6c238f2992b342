// What a Murmur message is, read from its first words (reference §3–§4): the known info verbs of user lines,
// and the process- and server-level lines the tracker acts on. line-scan.ts finds where a message starts.
import type { ParsedLine } from './events.js';
import { isExactly, matchAt } from './text-range.js';

type LineKind = ParsedLine['kind'];

/** Messages that change no state but are known, by first letter: they make the prefix split certain. */
const INFO_VERBS = byFirstByte({
  A: ['Added channel '],
  C: ['Changed speak-state of ', 'Certificate hash is banned'],
  M: ['Moved channel '],
  N: ['New ban: '],
  R: ['Requesting crypt-nonce resync', 'Requested crypt-nonce resync', 'Renamed channel ', 'Removed channel ', 'Renamed user ', 'Removed ban: '],
  S: ['Strong certificate for ', 'Session ID pool ', 'SSL Error: '],
  U: ['Updated ACL in channel ', 'Updating ACL in channel ', 'Unregistered user ', 'Updated banlist'],
});

/** What some user-level info verbs really are. */
const INFO_KINDS: Record<string, LineKind> = {
  'Certificate hash is banned': 'cert-banned',
  'New ban: ': 'ban-added',
  'Removed ban: ': 'ban-removed',
  'SSL Error: ': 'ssl-error',
};

/** The kind of a user line whose message starts with the info verb `verb`. */
export function infoKind(verb: string): LineKind {
  return INFO_KINDS[verb] ?? 'user-info';
}

/**
 * The known info verb written at `m`, or undefined. A function of its own, with a loop and no closure: a
 * closure over the line would make every scanMessage() call allocate, and it runs for every user line.
 */
export function infoVerbAt(text: Buffer, m: number): string | undefined {
  const verbs = INFO_VERBS.get(text[m] as number);
  if (verbs === undefined) return undefined;
  for (const verb of verbs) if (matchAt(text, m, verb)) return verb;
  return undefined;
}

function byFirstByte(verbs: Record<string, readonly string[]>): Map<number, readonly string[]> {
  return new Map(Object.entries(verbs).map(([letter, words]) => [letter.charCodeAt(0), words]));
}

export function processKind(text: Buffer, m: number, to: number): LineKind {
  if (matchAt(text, m, 'Murmur ') && matchAt(text, to - 17, ': Booting servers')) return 'boot';
  if (isExactly(text, m, to, 'Killing running servers') || isExactly(text, m, to, 'Shutting down') || matchAt(text, m, 'Caught SIGTERM')) {
    return 'shutdown';
  }
  if (matchAt(text, m, 'Caught SIGHUP') || isExactly(text, m, to, 'Log rotated successfully')) return 'rotation';
  return 'process-info';
}

export function serverKind(text: Buffer, m: number, to: number): LineKind {
  if (matchAt(text, m, 'Server listening on ')) return 'listening';
  if (isExactly(text, m, to, 'Stopped')) return 'stopped';
  if (matchAt(text, m, 'Ignoring connection: ')) return 'ban-ignored';
  return 'server-info';
}
