// Entity tags for answers a browser may keep: a hash of the body, so the same content has the same tag in
// every process, and a conditional GET (If-None-Match) is answered 304 without the body.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A strong tag of the uncompressed body; its compressed forms are tagged by their coding after a dash. */
export function entityTag(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** The tag a representation in `coding` is sent with: the coding is part of it (RFC 9110 §8.8.3). */
export function taggedFor(tag: string, coding: string | null): string {
  return coding === null ? tag : `${tag.slice(0, -1)}-${coding}"`;
}

/**
 * Whether the client's If-None-Match names this body (in any coding): weak comparison, as RFC 9110 §13.1.2
 * asks for this header, so a `W/` prefix and the coding suffix do not matter.
 */
export function clientHasIt(request: IncomingMessage, tag: string): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = tag.slice(1, -1);
  return header.split(',').some((candidate) => {
    const value = candidate.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return value === opaque || value.startsWith(`${opaque}-`);
  });
}
