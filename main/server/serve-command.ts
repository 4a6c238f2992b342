// `murmur-monitor serve`: the engine headless, behind HTTP (API, Server-Sent Events, /metrics, dashboard).
// Prints `listening on http(s)://HOST:PORT/` once requests are answered. SIGTERM/SIGINT write the store and
// exit 0, also when that last write fails (the logs still hold what it would have saved); 1 when the perf
// history could not be written (its readings are in no log). SIGHUP reads the certificate files again.
import { readFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServeArgs } from '../cli/serve-args.js';
import { makeDataFolder } from '../core/atomic-file.js';
import { Monitor } from '../core/monitor.js';
import type { SourceConfig } from '../core/monitor-types.js';
import { parseMurmurIni } from '../core/settings/murmur-ini.js';
import { isLoopback } from './access.js';
import { isWildcard, reachableHosts, urlFor } from './addresses.js';
import { defaultDataDir } from './data-dir.js';
import { startHttpServer, type RunningServer } from './http-server.js';
import { saySourceProblems } from './source-problems.js';
import { loadTls, type TlsMaterial } from './tls.js';
import { keptToken } from './token-file.js';
import { startAlerts } from './webhooks/alerts.js';

/** dist/renderer, next to dist/main where this file is compiled to. */
const STATIC_ROOT = fileURLToPath(new URL('../../renderer/', import.meta.url));

const warn = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

async function withCapacity(sources: SourceConfig[], inis: Record<string, string>): Promise<SourceConfig[]> {
  return Promise.all(
    sources.map(async (source) => {
      const ini = inis[source.name];
      if (ini === undefined) return source;
      try {
        const users = parseMurmurIni(await readFile(ini, 'utf8')).users;
        return users === undefined ? source : { ...source, capacity: users };
      } catch (error) {
        warn(`murmur-monitor: source ${source.name}: cannot read ${ini} (${(error as Error).message}); capacity unknown`);
        return source;
      }
    }),
  );
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

interface Access {
  token: string | null;
  /** Shown in the dashboard line only the first time: later starts keep it out of the log. */
  showToken: boolean;
  tls: TlsMaterial | null;
}

/**
 * The token (the given one; for any host but loopback the kept one, made at the first start) and the
 * certificate of this start, each said on stdout: the token itself only when just made.
 */
async function access(args: ServeArgs, dataDir: string): Promise<Access> {
  let token = args.token;
  let showToken = false;
  if (token === null && !isLoopback(args.host)) {
    const kept = await keptToken(dataDir);
    token = kept.token;
    showToken = kept.created;
    say(kept.created ? `access token: ${kept.token} (made now, kept in ${kept.path})` : `access token: the one kept in ${kept.path}`);
  }
  if (args.tls === null) {
    if (!isLoopback(args.host)) warn('murmur-monitor serve: without --tls the token and the user names cross the network in clear; use --tls self-signed, or TLS in a reverse proxy');
    return { token, showToken, tls: null };
  }
  const tls = await loadTls(args.tls, dataDir, certificateNames(args), warn);
  say(`certificate: ${tls.certPath}${tls.created ? ' (made now)' : ''}`);
  say(`certificate SHA-256 fingerprint: ${tls.fingerprint}`);
  return { token, showToken, tls };
}

/**
 * SIGHUP (`systemctl reload`, a certbot deploy hook) reads the certificate files again and answers new
 * connections with them; a pair that does not work is refused with the reason, and the old one kept.
 * Without TLS there is nothing to reload, and SIGHUP no longer ends the process either. Returns the unhook.
 */
function reloadOnHangup(args: ServeArgs, dataDir: string, server: RunningServer): () => void {
  const reload = (): void => {
    if (args.tls === null) {
      warn('murmur-monitor serve: SIGHUP: nothing to reload (no --tls)');
      return;
    }
    loadTls(args.tls, dataDir, certificateNames(args), warn).then(
      (tls) => {
        server.replaceCertificate(tls);
        say(`certificate reloaded: ${tls.certPath}, SHA-256 fingerprint ${tls.fingerprint}`);
      },
      (error: Error) => warn(`murmur-monitor serve: SIGHUP: the certificate was not reloaded, the previous one stays: ${error.message}`),
    );
  };
  process.on('SIGHUP', reload);
  return () => process.off('SIGHUP', reload);
}

/** The names and addresses a self-signed certificate is made for: every way this machine may be reached. */
function certificateNames(args: ServeArgs): string[] {
  const names = new Set(['localhost', hostname(), '127.0.0.1', '::1', ...reachableHosts('::'), ...args.allowHosts]);
  if (!isWildcard(args.host)) names.add(args.host);
  return [...names];
}

interface Engine {
  monitor: Monitor;
  /** Resolves to whether nothing was lost that the logs do not hold. */
  stop(): Promise<boolean>;
}

/** Everything that reads history: the inis, the demo's logs, the perf store, the monitor's store and logs. */
async function openEngine(args: ServeArgs, dataDir: string): Promise<Engine> {
  const zoned = args.sources.map((source) => {
    const timezone = args.timezones[source.name];
    return timezone === undefined ? source : { ...source, timezone };
  });
  const sources = await withCapacity(zoned, args.inis);
  const monitor = await Monitor.open({
    sources,
    dataDir,
    retentionDays: args.retentionDays,
    keepAddresses: args.keepAddresses,
    tail: { pollIntervalMs: args.pollIntervalMs, usePolling: args.usePolling },
    perf: args.perf,
    demo: args.demo ? join(dataDir, 'demo') : null,
    warn,
  });
  const alerts = args.notify.targets.length === 0 ? null : startAlerts({ monitor, ...args.notify, warn });
  if (alerts) say(`alerts to ${args.notify.targets.map((target) => target.label).join(', ')}`);
  return {
    monitor,
    stop: async () => {
      await alerts?.close();
      // The store's loss is made good from the logs at the next start; the perf history's is not.
      return (await monitor.close()).perf;
    },
  };
}

/** Runs until SIGTERM or SIGINT; `args` are checked already (cli/serve-args.ts). */
export async function run(args: ServeArgs): Promise<number> {
  const dataDir = resolve(args.dataDir ?? defaultDataDir({ platform: process.platform, env: process.env, home: homedir() }));
  await makeDataFolder(dataDir);
  process.stdout.write(`data folder: ${dataDir}\n`);
  let granted: Access;
  try {
    granted = await access(args, dataDir);
  } catch (error) {
    process.stderr.write(`murmur-monitor serve: ${(error as Error).message}\n`);
    return 1;
  }
  const { token, tls } = granted;
  // Listened for from here on: a SIGTERM while the history loads ends as cleanly as one after it.
  const signalled = untilSignal();
  // The port is bound before any history is read: a taken port fails at once, not after a long backfill.
  // Requests that come meanwhile wait for the engine.
  let engineOpened: (monitor: Monitor) => void = () => undefined;
  let engineFailed: (error: unknown) => void = () => undefined;
  const monitor = new Promise<Monitor>((resolve, reject) => {
    engineOpened = resolve;
    engineFailed = reject;
  });
  let server;
  try {
    server = await startHttpServer({ monitor, host: args.host, port: args.port, token, allowHosts: args.allowHosts, staticRoot: STATIC_ROOT, tls: tls ?? undefined });
  } catch (error) {
    process.stderr.write(`murmur-monitor serve: cannot listen on ${args.host}:${args.port}: ${(error as Error).message}\n`);
    return 1;
  }
  // 0.0.0.0 is no address to type on another machine: this one's own addresses are.
  const scheme = tls ? 'https' : 'http';
  const urls = isWildcard(args.host) ? reachableHosts(args.host).map((host) => urlFor(scheme, host, server.port)) : [server.url];
  if (isWildcard(args.host)) say(`from another machine: ${urls.join('  ') || `(no network address found) ${urlFor(scheme, hostname(), server.port)}`}`);
  if (token !== null && granted.showToken) say(`dashboard: ${urls[0] ?? server.url}?token=${encodeURIComponent(token)}`);
  say(`listening on ${server.url}`);
  const stopReloading = reloadOnHangup(args, dataDir, server);
  let engine: Engine;
  try {
    engine = await openEngine(args, dataDir);
  } catch (error) {
    stopReloading();
    engineFailed(error);
    await server.close();
    throw error;
  }
  engineOpened(engine.monitor);
  const stopSaying = saySourceProblems(engine.monitor, (line) => warn(`murmur-monitor serve: ${line}`));
  await signalled;
  stopReloading();
  stopSaying();
  await server.close();
  return (await engine.stop()) ? 0 : 1;
}
