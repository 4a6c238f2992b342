// Headers every response carries: the dashboard runs under a strict Content-Security-Policy (no inline script
// or style, nothing from other origins, no framing), and no response is sniffed or leaks its URL as referrer.
// Every body leaves through sendBody: compressed as the client accepts, and answered 304 when it has it.
import type { ServerResponse } from 'node:http';
import { compress, negotiateCoding, worthCompressing, type ContentCoding } from './content-coding.js';
import { clientHasIt, entityTag, taggedFor } from './validators.js';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export interface Validated {
  /** The body's entity tag (validators.ts entityTag). */
  tag: string;
  /** The body in a coding, when it is kept ready (static files); else it is compressed for this answer. */
  encoded?: (coding: ContentCoding) => Promise<Buffer>;
}

/**
 * Sends `body` compressed in the coding the request accepts (with `Vary: Accept-Encoding` whenever the type
 * is compressible, so caches keep the codings apart). With `validated`, the answer carries an ETag and a
 * request whose If-None-Match names it gets 304 and no body. HEAD gets the same headers and no body (Node).
 */
export function sendBody(response: ServerResponse, status: number, body: Buffer, type: string, validated?: Validated): void {
  response.statusCode = status;
  response.setHeader('Content-Type', type);
  const compressible = worthCompressing(type, body.length);
  if (compressible) response.setHeader('Vary', 'Accept-Encoding');
  const coding = compressible ? negotiateCoding(response.req.headers['accept-encoding']) : null;
  if (validated !== undefined) {
    response.setHeader('ETag', taggedFor(validated.tag, coding));
    if (status === 200 && clientHasIt(response.req, validated.tag)) {
      response.statusCode = 304;
      response.end();
      return;
    }
  }
  const finish = (payload: Buffer, used: ContentCoding | null): void => {
    if (response.destroyed) return;
    if (used !== null) response.setHeader('Content-Encoding', used);
    else if (validated !== undefined) response.setHeader('ETag', validated.tag);
    response.setHeader('Content-Length', payload.length);
    response.end(payload);
  };
  if (coding === null) {
    finish(body, null);
    return;
  }
  (validated?.encoded ?? ((chosen: ContentCoding) => compress(body, chosen, 'each')))(coding).then(
    (encoded) => finish(encoded, coding),
    () => finish(body, null), // zlib failed: the body as it is is still right
  );
}

export function sendText(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  sendBody(response, status, Buffer.from(body), type);
}

/**
 * JSON, not kept by the browser (`no-store`), or with `revalidate` kept and asked again each time with its
 * ETag (`no-cache`): large answers that change seldom cost a 304 instead of their body.
 */
export function sendJson(response: ServerResponse, status: number, value: unknown, revalidate = false): void {
  const body = Buffer.from(JSON.stringify(value));
  const type = 'application/json; charset=utf-8';
  if (!revalidate) {
    response.setHeader('Cache-Control', 'no-store');
    sendBody(response, status, body, type);
    return;
  }
  response.setHeader('Cache-Control', 'private, no-cache');
  sendBody(response, status, body, type, { tag: entityTag(body) });
}

export function sendError(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { error: message });
}
