// Who may talk to the server. On loopback without a token anyone on this machine may (like any local tool);
// a token, required for any other address, must come as `Authorization: Bearer T` or `?token=T` (EventSource
// cannot send headers). The Host header must name this server, so a web page on another site cannot reach
// it through a DNS name that it rebinds to 127.0.0.1.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Constant-time comparison; hashing first makes the lengths equal, so the length leaks nothing either. */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function requestToken(request: IncomingMessage, url: URL): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (match) return match[1] as string;
  }
  return url.searchParams.get('token');
}

/** Host names (without port) a request may carry for a server bound to `boundHost`. */
export function allowedHostNames(boundHost: string): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', boundHost.toLowerCase()]);
  if (boundHost === '0.0.0.0' || boundHost === '::') {
    // Bound to every address: any of this machine's own addresses and its name are fine.
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.add(address.address.toLowerCase());
    }
  }
  return names;
}

/** The host part of a Host header (`[::1]:8080` → `::1`), lower-cased; null when malformed. */
export function hostHeaderName(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (bracketed) return (bracketed[1] as string).toLowerCase();
  const plain = /^([^:]+)(?::\d+)?$/.exec(header);
  return plain ? (plain[1] as string).toLowerCase() : null;
}

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403; message: string };

export interface AccessPolicy {
  token: string | null;
  hostNames: Set<string>;
}

/**
 * Whether a path answers with monitor data. The dashboard's own files hold none, and the page cannot add a
 * token to its `<script>` and stylesheet requests (the CSP forbids inline script), so only these need one.
 */
function servesData(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname === '/metrics';
}

export function checkAccess(policy: AccessPolicy, request: IncomingMessage, url: URL): AccessDecision {
  const host = hostHeaderName(request.headers.host);
  if (host === null || !policy.hostNames.has(host)) {
    return { ok: false, status: 403, message: 'this Host header does not name this server' };
  }
  if (policy.token !== null && servesData(url.pathname)) {
    const given = requestToken(request, url);
    if (given === null || !tokenMatches(given, policy.token)) {
      return { ok: false, status: 401, message: 'a token is required: Authorization: Bearer TOKEN, or ?token=TOKEN' };
    }
  }
  return { ok: true };
}
