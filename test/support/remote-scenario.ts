// Two `serve` agents over HTTPS (certificates made by openssl, pinned by the client), each behind a relay,
// followed by the tray app's remote client while Murmur writes joins to their logs: one agent's connection is
// cut (its sockets destroyed) and the other is restarted, with joins written while it is down. Counts every
// join the client announces, and when. The integration test asserts exactly-once on it; the benchmark runs
// it longer and reports the latencies, beside a plain SSE reader of the same agent in the same run.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PresenceEvent } from '../../main/contract.js';
import { RemoteSource } from '../../main/core/remote/remote-source.js';
import { MonitorProcess } from './monitor-process.js';
import { Relay } from './relay.js';
import { makeServerCertificate } from './server-certificate.js';
import { SseClient } from './sse-client.js';
import { waitUntil } from './wait-until.js';

const TOKEN = 'remote-scenario-token-0123456789';
const BOOT = '<W>2026-12-02 10:00:00.000 Murmur 1.3.4 (1.3.4-4) running on X11: Debian GNU/Linux 12 (bookworm): Booting servers\n<W>2026-12-02 10:00:00.100 1 => Server listening on 127.0.0.1:64738\n';

export interface ScenarioOptions {
  /** Joins written per agent while it runs. */
  joins: number;
  /** Cuts of agent A's connection, spread over the run. */
  cuts: number;
  /** Restarts of agent B, spread over the run; each with `downJoins` written while it is down. */
  restarts: number;
  downJoins: number;
  /** Pause between two joins (ms, random within). */
  spacing: [number, number];
}

export interface ScenarioResult {
  /** `source|session` of every join written, and whether it was written while its agent was down. */
  written: Map<string, { at: number; down: boolean; agent: 'A' | 'B' }>;
  /** Every announcement the client made, per join (more than one: doubled). */
  received: Map<string, number[]>;
  /** When agent B answered again after each restart (performance.now()). */
  backAt: number[];
  /** Agent A's joins as a plain SSE reader of A (no relay, never cut) received them: the baseline. */
  direct: Map<string, number>;
  /** Announcements for sessions never written in the run (history announced as live): must stay empty. */
  strays: string[];
  /** Connections each cut destroyed (both ends counted). */
  cuts: number[];
}

class ScenarioAgent {
  process!: MonitorProcess;
  relay!: Relay;
  readonly log: string;
  #clock = Date.parse('2026-12-02T10:00:01Z');

  constructor(
    readonly name: string,
    private readonly root: string,
    private readonly args: string[],
  ) {
    this.log = join(root, `${name}.log`);
    writeFileSync(this.log, BOOT);
  }

  async start(): Promise<void> {
    this.process = await MonitorProcess.start({ [this.name]: this.log }, join(this.root, `${this.name}-data`), 20_000, ['--no-perf', ...this.args]);
    const port = Number(new URL(this.process.url).port);
    if (this.relay === undefined) this.relay = await Relay.start(port);
    else this.relay.upstream = port;
  }

  get url(): string {
    return `https://127.0.0.1:${this.relay.port}/`;
  }

  join(session: number): void {
    this.#clock += 1000;
    const time = new Date(this.#clock).toISOString();
    appendFileSync(this.log, `<W>${time.slice(0, 10)} ${time.slice(11, 23)} 1 => <${session}:user${session}(-1)> Authenticated\n`);
  }
}

export async function runRemoteScenario(root: string, options: ScenarioOptions, warn: (message: string) => void = () => undefined): Promise<ScenarioResult> {
  mkdirSync(root, { recursive: true });
  const agents: ScenarioAgent[] = [];
  const remotes: RemoteSource[] = [];
  let direct: SseClient | null = null;
  const result: ScenarioResult = { written: new Map(), received: new Map(), backAt: [], direct: new Map(), strays: [], cuts: [] };
  try {
    for (const name of ['A', 'B']) {
      const tlsDir = join(root, `${name}-tls`);
      mkdirSync(tlsDir, { recursive: true });
      const certificate = await makeServerCertificate(tlsDir);
      const agent = new ScenarioAgent(name, root, ['--tls-cert', certificate.certFile, '--tls-key', certificate.keyFile, '--token', TOKEN]);
      await agent.start();
      agents.push(agent);
      const remote = new RemoteSource({ name: `r${name}`, url: agent.url, token: TOKEN, fingerprint: certificate.fingerprint }, { warn });
      remote.on('join', (event: PresenceEvent) => {
        const key = `${event.source}|${event.session}`;
        if (!result.written.has(key)) result.strays.push(key);
        result.received.set(key, [...(result.received.get(key) ?? []), performance.now()]);
      });
      remote.start();
      remotes.push(remote);
      if (name === 'A') {
        direct = await SseClient.open(new URL('api/events', agent.process.url).toString(), { ca: certificate.cert, headers: { authorization: `Bearer ${TOKEN}` } });
      }
    }
    const [a, b] = agents as [ScenarioAgent, ScenarioAgent];
    await waitUntil(() => (remotes.every((remote) => remote.state.kind === 'live') ? true : undefined), { timeoutMs: 20_000, what: 'both agents followed live' });
    const total = options.joins * 2;
    const cutAt = new Set(Array.from({ length: options.cuts }, (_, i) => Math.floor(((i + 1) * total) / (options.cuts + 1))));
    const restartAt = new Set(Array.from({ length: options.restarts }, (_, i) => Math.floor(((i + 0.5) * total) / options.restarts) + 1));
    let session = 1000;
    const write = (agent: ScenarioAgent, down: boolean): void => {
      session += 1;
      agent.join(session);
      result.written.set(`r${agent.name}/${agent.name}|${session}`, { at: performance.now(), down, agent: agent.name as 'A' | 'B' });
    };
    for (let i = 0; i < total; i += 1) {
      if (cutAt.has(i)) result.cuts.push(a.relay.cut());
      if (restartAt.has(i)) {
        await b.process.stop('SIGTERM');
        for (let k = 0; k < options.downJoins; k += 1) write(b, true);
        await b.start();
        result.backAt.push(performance.now());
      }
      write(i % 2 === 0 ? a : b, false);
      await sleep(options.spacing[0] + Math.random() * (options.spacing[1] - options.spacing[0]));
    }
    await waitUntil(() => ([...result.written.keys()].every((key) => result.received.has(key)) ? true : undefined), {
      timeoutMs: 20_000,
      what: 'every join announced',
    }).catch(() => undefined);
    // A little longer, so a late second announcement would be seen.
    await sleep(500);
    for (const event of direct?.events ?? []) {
      if (event.event !== 'join') continue;
      const data = JSON.parse(event.data) as { source: string; session: number };
      result.direct.set(`rA/${data.source}|${data.session}`, event.receivedAt);
    }
    return result;
  } finally {
    direct?.close();
    await Promise.all(remotes.map((remote) => remote.stop()));
    for (const agent of agents) {
      await agent.process.stop('SIGTERM').catch(() => undefined);
      await agent.relay.close();
    }
  }
}

/** Joins written and never announced, and joins announced more than once. */
export function lostAndDoubled(result: ScenarioResult): { lost: string[]; doubled: string[] } {
  const keys = [...result.written.keys()];
  return {
    lost: keys.filter((key) => !result.received.has(key)),
    doubled: keys.filter((key) => (result.received.get(key)?.length ?? 0) > 1),
  };
}
