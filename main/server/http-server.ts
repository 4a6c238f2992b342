// The headless server: access checks, the API, the event stream and the dashboard's files, on one port.
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ApiArgumentError } from '../api.js';
import type { MonitorApi } from '../core/monitor-types.js';
import { allowedHostNames, checkAccess, type AccessPolicy } from './access.js';
import { urlFor } from './addresses.js';
import { EventStream } from './event-stream.js';
import { sendError, setSecurityHeaders } from './headers.js';
import { sendHealth } from './healthz.js';
import { API_ROUTES } from './routes.js';
import { serveStatic } from './static-files.js';

export interface HttpServerOptions {
  /**
   * The engine, or its promise: the port is bound at once, and requests that come before the engine has
   * read its history wait for it (serve binds first, so a taken port fails before any reading).
   */
  monitor: MonitorApi | Promise<MonitorApi>;
  host: string;
  port: number;
  /** When set, every request for data (/api/, /metrics) must carry it; the dashboard's own files need none. */
  token: string | null;
  /** Host header names accepted besides the bound address and localhost. */
  allowHosts?: string[];
  /** Folder with the built dashboard (index.html, app.js, styles.css). */
  staticRoot: string;
  /** Answer HTTPS with this certificate and key (PEM) instead of HTTP. */
  tls?: { cert: string; key: string };
  keepAliveMs?: number;
  /** Events kept for clients that resume the event stream (default REPLAY_LIMIT). */
  replayLimit?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** HTTPS only: answers new connections with this certificate and key from now on (a renewed certificate). */
  replaceCertificate(tls: { cert: string; key: string }): void;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  let closeEvents = (): void => undefined;
  const engine = Promise.resolve(options.monitor).then((monitor) => {
    const events = new EventStream(monitor, { keepAliveMs: options.keepAliveMs, replayLimit: options.replayLimit });
    closeEvents = () => events.close();
    return { monitor, events };
  });
  // Requests that came first fail with a 500 below if the engine never opens; this only stops an unhandled rejection.
  engine.catch(() => undefined);
  const hostNames = allowedHostNames(options.host);
  for (const name of options.allowHosts ?? []) hostNames.add(name.toLowerCase());
  const policy: AccessPolicy = { token: options.token, hostNames };
  const startedAt = Date.now();
  const listener: RequestListener = (request, response) => {
    engine.then(({ monitor, events }) => handle(monitor, events, request, response)).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, 'internal error');
      else response.destroy();
      process.stderr.write(`murmur-monitor: ${request.method ?? '?'} ${request.url ?? '?'} failed: ${String(error)}\n`);
    });
  };
  const secure = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : null;
  const server = secure ?? createHttpServer(listener);

  async function handle(monitor: MonitorApi, events: EventStream, request: IncomingMessage, response: ServerResponse): Promise<void> {
    setSecurityHeaders(response);
    const url = new URL(request.url ?? '/', 'http://server.invalid');
    const access = checkAccess(policy, request, url);
    if (!access.ok) {
      if (access.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="murmur-monitor"');
      sendError(response, access.status, access.message);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      sendError(response, 405, 'only GET is supported');
      return;
    }
    if (url.pathname === '/healthz') {
      sendHealth(monitor, response, startedAt);
      return;
    }
    // The stream position the answer reflects (see event-stream.ts): a snapshot and the stream then line up.
    if (url.pathname.startsWith('/api/')) response.setHeader('X-Event-Id', events.lastId);
    if (url.pathname === '/api/events') {
      events.add(request, url, response);
      return;
    }
    const route = API_ROUTES[url.pathname];
    if (route) {
      try {
        route(monitor, url.searchParams, response);
      } catch (error) {
        if (!(error instanceof ApiArgumentError)) throw error;
        sendError(response, 400, error.message);
      }
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      sendError(response, 404, 'no such API');
      return;
    }
    await serveStatic(options.staticRoot, url.pathname, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: urlFor(options.tls ? 'https' : 'http', options.host, port),
    port,
    replaceCertificate: (tls) => {
      if (secure === null) throw new Error('this server answers HTTP: it has no certificate to replace');
      secure.setSecureContext({ cert: tls.cert, key: tls.key });
    },
    close: async () => {
      closeEvents();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
