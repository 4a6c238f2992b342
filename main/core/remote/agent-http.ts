// HTTP(S) requests to a `serve` agent on another machine. The TLS connection is made and its certificate
// checked before the request is written, so the token never reaches a server that failed the check: with a
// pinned fingerprint, the SHA-256 of the agent's certificate must match (a self-signed certificate has no CA
// to vouch for it); without one, Node's usual CA and host name checks apply.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export interface AgentEndpoint {
  /** The agent's base URL, ending in `/` (`https://vps.example:8767/`). */
  base: URL;
  token: string | null;
  /** SHA-256 of the agent's certificate as `AB:CD:...` (normalizeFingerprint); null: trust the system's CAs. */
  fingerprint: string | null;
}

export class AgentError extends Error {
  override name = 'AgentError';
  constructor(
    message: string,
    /** The HTTP status when the agent answered; absent when it could not be reached. */
    readonly status?: number,
  ) {
    super(message);
  }
}

const CONNECT_TIMEOUT_MS = 10_000;
/** Silence longer than this ends a request: the event stream sends a keep-alive comment every 15 s. */
export const IDLE_TIMEOUT_MS = 45_000;

/** `ab cd:EF…` or 64 hex digits → `AB:CD:EF:…`, the form Node reports; null when it is not a SHA-256. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)?.join(':') ?? null;
}

/** The agent's URL as a base for relative paths: `https://host:8767/prefix` → `https://host:8767/prefix/`. */
export function agentBase(url: string): URL {
  const base = new URL(url);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  return base;
}

function connectPlain(url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function connectTls(url: URL, fingerprint: string | null): Promise<TLSSocket> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host,
      port: Number(url.port || 443),
      // SNI takes host names only (RFC 6066, section 3).
      servername: isIP(host) === 0 ? host : undefined,
      // A pinned certificate is checked below, against its fingerprint; otherwise the CAs and the name decide.
      rejectUnauthorized: fingerprint === null,
      ALPNProtocols: ['http/1.1'],
    });
    socket.once('secureConnect', () => {
      if (fingerprint !== null) {
        const seen = socket.getPeerCertificate().fingerprint256;
        if (seen !== fingerprint) {
          socket.destroy();
          reject(new AgentError(`the agent's certificate (SHA-256 ${seen || 'none'}) is not the pinned one (${fingerprint})`));
          return;
        }
      }
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** A connection to the agent whose peer has passed the check (see the top of this file). */
async function connectChecked(endpoint: AgentEndpoint): Promise<Socket> {
  const { base } = endpoint;
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new AgentError(`${base.protocol} is not http: or https:`);
  const connecting = base.protocol === 'https:' ? connectTls(base, endpoint.fingerprint) : connectPlain(base);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new AgentError(`no connection within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([connecting, timeout]);
  } catch (error) {
    void connecting.then((socket) => socket.destroy(), () => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export interface AgentResponse {
  response: IncomingMessage;
  /** Ends the request and its connection (a stream that is no longer wanted). */
  close(): void;
}

/**
 * GET `url` (under the endpoint's base) with the token; resolves with a 2xx response, or rejects with an
 * AgentError that says what went wrong (the agent's own error message when it answered).
 */
export async function agentGet(
  endpoint: AgentEndpoint,
  url: URL,
  headers: Record<string, string> = {},
  idleTimeoutMs = IDLE_TIMEOUT_MS,
): Promise<AgentResponse> {
  const socket = await connectChecked(endpoint);
  const all: Record<string, string> = { ...headers };
  if (endpoint.token !== null) all.authorization = `Bearer ${endpoint.token}`;
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      createConnection: () => socket,
      host: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: all,
    });
    const close = (): void => {
      request.destroy();
      socket.destroy();
    };
    // A half-open connection (a laptop that slept, a NAT that forgot us) shows only as silence.
    request.setTimeout(idleTimeoutMs, () => request.destroy(new AgentError(`nothing from the agent for ${idleTimeoutMs / 1000} s`)));
    request.once('error', (error) => {
      close();
      reject(error);
    });
    request.once('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        resolve({ response, close });
        return;
      }
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body = (body + chunk).slice(0, 2000)));
      response.once('end', () => {
        close();
        let message = body.trim().slice(0, 200);
        try {
          message = (JSON.parse(body) as { error?: string }).error ?? message;
        } catch {
          // not JSON: the text itself
        }
        reject(new AgentError(`HTTP ${status}${message ? `: ${message}` : ''}`, status));
      });
    });
    request.end();
  });
}

/** The whole body of a 2xx answer, as text, with the response's headers. */
export async function agentGetText(endpoint: AgentEndpoint, url: URL): Promise<{ text: string; headers: IncomingMessage['headers'] }> {
  const { response, close } = await agentGet(endpoint, url);
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    return { text: Buffer.concat(chunks).toString('utf8'), headers: response.headers };
  } finally {
    close();
  }
}
