// One remote `serve` agent, followed as if its sources were local: a snapshot kept current by its event
// stream, the same events as a local Monitor emits (sources renamed `REMOTE/SOURCE`), and the table's calls
// answered over HTTPS.
//
// Exactly once: the snapshot's `X-Event-Id` is where the stream starts; a dropped stream resumes with
// `Last-Event-ID`, so the agent replays what was missed. When it cannot (it restarted, or the gap is longer
// than its replay buffer) it says `gap`: the client fetches a fresh snapshot and announces the difference
// with the last state it knew: a join for each session that appeared meanwhile, a leave (from the agent's
// history) for each that ended. What started and ended entirely inside the gap is history, and history
// does not notify.
import { MONITOR_CALLS, callUrl, callsThrough, type MonitorAnswers, type MonitorCallName, type MonitorRequests } from '../../api.js';
import type { History, LeaveEvent, PerfSeries, PresenceEvent, ServerEventRecord, Snapshot, SourceStatus } from '../../contract.js';
import { csvText } from '../monitor/csv.js';
import { MonitorListeners } from '../monitor/listeners.js';
import type { MonitorEvents } from '../monitor-types.js';
import { agentBase, agentGet, agentGetText, AgentError, normalizeFingerprint, type AgentEndpoint, type AgentResponse } from './agent-http.js';
import { prefixCsvRows, prefixHistory, prefixLastSeen, prefixSnapshot, queryFor, withSource } from './prefix.js';
import { SseParser, type SseMessage } from './sse-parser.js';
import { applyJoin, applyLeave, isLeaveEvent, isPresenceEvent, isServerEvent, onlineDifference } from './snapshot-events.js';

export interface RemoteConfig {
  /** Shown before each of the agent's source names: `vps/main`. */
  name: string;
  url: string;
  token: string | null;
  /** SHA-256 of the agent's self-signed certificate; null for a certificate a CA vouches for (or plain http on loopback). */
  fingerprint: string | null;
}

export interface RemoteOptions {
  warn: (message: string) => void;
  /** Wait between attempts while an outage is young (`fastRetryForMs`); later doubled up to `maxRetryMs`. */
  retryMs?: number;
  fastRetryForMs?: number;
  maxRetryMs?: number;
  idleTimeoutMs?: number;
  now?: () => number;
}

export type RemoteState = { kind: 'connecting' } | { kind: 'live' } | { kind: 'unreachable'; since: number; reason: string };

/** Events kept to lay again on a snapshot fetched while they arrived. */
const RECENT_LIMIT = 1000;
const CHANGED_DEBOUNCE_MS = 200;
/** A stream that ends sooner than this after it opened counts as a failed attempt. */
const QUICK_DROP_MS = 1000;

interface EventId {
  run: string;
  seq: number;
}

function parseId(id: string | undefined): EventId | null {
  const match = /^([0-9a-f]+)-(\d{1,15})$/.exec(id ?? '');
  return match ? { run: match[1] as string, seq: Number(match[2]) } : null;
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

export class RemoteSource {
  readonly config: RemoteConfig;
  /** The table's calls, answered by the agent; getPerf gives null where its perf sampling is off. */
  readonly requests: MonitorAnswers;
  readonly #endpoint: AgentEndpoint;
  readonly #options: Required<Omit<RemoteOptions, 'warn'>> & Pick<RemoteOptions, 'warn'>;
  readonly #listeners: MonitorListeners;
  #state: RemoteState = { kind: 'connecting' };
  /** The agent's snapshot in its own names, kept current by its events; null until the first fetch. */
  #snapshot: Snapshot | null = null;
  #lastId = '';
  #needSnapshot = true;
  #recent: Array<{ id: EventId; apply: (snapshot: Snapshot) => void }> = [];
  #stream: AgentResponse | null = null;
  #droppedAt: number | null = null;
  #liveAt = 0;
  #stopped = false;
  #loop: Promise<void> = Promise.resolve();
  #wake: () => void = () => undefined;
  #changedTimer: NodeJS.Timeout | null = null;
  #refreshing: Promise<void> | null = null;

  constructor(config: RemoteConfig, options: RemoteOptions) {
    this.config = config;
    const fingerprint = config.fingerprint === null ? null : normalizeFingerprint(config.fingerprint);
    if (config.fingerprint !== null && fingerprint === null) throw new AgentError(`${config.name}: the fingerprint is not a SHA-256 (64 hex digits)`);
    this.#endpoint = { base: agentBase(config.url), token: config.token, fingerprint };
    // An agent restarting (an upgrade, a reboot of serve) is back within seconds: ask often then, so what
    // happened meanwhile is announced soon after; an agent down for longer is asked less and less often.
    this.#options = { retryMs: 250, fastRetryForMs: 15_000, maxRetryMs: 30_000, idleTimeoutMs: 45_000, now: Date.now, ...options };
    this.#listeners = new MonitorListeners((error) => options.warn(`remote ${config.name}: a listener failed: ${String(error)}`));
    this.requests = callsThrough(MONITOR_CALLS, (name, _entry, args) => this.#request(name, args)) as MonitorAnswers;
  }

  get state(): RemoteState {
    return this.#state;
  }

  on<E extends keyof MonitorEvents>(event: E, listener: MonitorEvents[E]): () => void {
    return this.#listeners.on(event, listener);
  }

  start(): void {
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#changedTimer !== null) clearTimeout(this.#changedTimer);
    this.#stream?.close();
    this.#wake();
    await this.#loop;
  }

  /** The agent's state as this app shows it: sources renamed, and marked unreachable while it is. */
  snapshot(): Snapshot {
    const { name, url } = this.config;
    const state = this.#state;
    const status = (source: SourceStatus): SourceStatus => {
      const shown: SourceStatus = { ...source, agent: url };
      if (state.kind !== 'unreachable') return shown;
      return { ...shown, state: 'unreachable', message: state.reason, unreachableSince: new Date(state.since).toISOString() };
    };
    if (this.#snapshot === null) {
      const waiting: SourceStatus = { name, path: url, state: 'waiting', message: `connecting to ${url}`, bytesRead: 0, linesRead: 0, unparsedLines: 0, timezone: 'UTC' };
      return { generatedAt: new Date(this.#options.now()).toISOString(), servers: [], sources: [status(waiting)], backfill: [], perf: null };
    }
    const shown = prefixSnapshot(name, this.#snapshot);
    shown.sources = shown.sources.map(status);
    // Who was online when it dropped is not known to be online now.
    if (state.kind === 'unreachable') shown.servers = shown.servers.map((server) => ({ ...server, online: [] }));
    return shown;
  }

  // ---- Requests: the table's calls over HTTPS, names mapped both ways ----

  async #get(name: MonitorCallName, args: unknown[]): Promise<{ text: string; eventId: string | undefined } | null> {
    const entry = MONITOR_CALLS[name];
    try {
      const { text, headers } = await agentGetText(this.#endpoint, callUrl(this.#endpoint.base, entry.http, entry.argument, args));
      const eventId = headers['x-event-id'];
      return { text, eventId: typeof eventId === 'string' ? eventId : undefined };
    } catch (error) {
      if (error instanceof AgentError && error.status === 404 && entry.http.absent !== undefined) return null;
      throw new AgentError(`${this.config.name} (${this.config.url}): ${message(error)}`, error instanceof AgentError ? error.status : undefined);
    }
  }

  async #request(name: MonitorCallName, args: unknown[]): Promise<unknown> {
    const remote = this.config.name;
    switch (name) {
      case 'getSnapshot':
        return this.snapshot();
      case 'getHistory': {
        const query = queryFor(remote, (args[0] ?? {}) as Parameters<MonitorRequests['getHistory']>[0]);
        if (query === null) return { sessions: [], serverEvents: [], security: [], topUsers: [] } satisfies History;
        const reply = await this.#get(name, [query]);
        return prefixHistory(remote, JSON.parse(reply?.text ?? 'null') as History);
      }
      case 'findLastSeen':
        return prefixLastSeen(remote, JSON.parse((await this.#get(name, args))?.text ?? '[]') as Parameters<typeof prefixLastSeen>[1]);
      case 'getPerf': {
        const reply = await this.#get(name, args);
        return reply === null ? null : (JSON.parse(reply.text) as PerfSeries);
      }
      case 'exportCsv':
        return prefixCsvRows(remote, (await this.#get(name, args))?.text ?? '', csvText);
    }
  }

  // ---- Following: snapshot, then the stream; resumed, or resynchronised after a gap ----

  #setState(state: RemoteState): void {
    const before = this.#state;
    this.#state = state;
    if (before.kind !== state.kind) this.#listeners.emit('changed');
  }

  async #run(): Promise<void> {
    let wait = this.#options.retryMs;
    while (!this.#stopped) {
      let reason = 'the agent ended the event stream';
      let wentLive = false;
      try {
        wentLive = await this.#follow();
      } catch (error) {
        reason = message(error);
      }
      if (this.#stopped) break;
      if (wentLive) {
        this.#droppedAt = this.#options.now();
        // A stream that was live a while and dropped: again at once, resuming where it stopped. One that
        // ends as soon as it opens waits like a failure, so a broken agent is not asked in a tight loop.
        if (this.#droppedAt - this.#liveAt >= QUICK_DROP_MS) {
          wait = this.#options.retryMs;
          continue;
        }
      }
      if (!wentLive) {
        const since = this.#state.kind === 'unreachable' ? this.#state.since : (this.#droppedAt ?? this.#options.now());
        if (this.#state.kind !== 'unreachable') this.#options.warn(`remote ${this.config.name}: unreachable: ${reason}`);
        this.#setState({ kind: 'unreachable', since, reason });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      const state = this.#state;
      const young = state.kind !== 'unreachable' || this.#options.now() - state.since < this.#options.fastRetryForMs;
      wait = young ? this.#options.retryMs : Math.min(wait * 2, this.#options.maxRetryMs);
    }
  }

  /** One connection: a fresh snapshot when needed, then the stream until it ends. True if it went live. */
  async #follow(): Promise<boolean> {
    if (this.#needSnapshot) await this.#resync();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (this.#lastId !== '') headers['last-event-id'] = this.#lastId;
    const stream = await agentGet(this.#endpoint, new URL('api/events', this.#endpoint.base), headers, this.#options.idleTimeoutMs);
    this.#stream = stream;
    if (this.#stopped) {
      stream.close();
      return false;
    }
    if (this.#state.kind === 'unreachable') this.#options.warn(`remote ${this.config.name}: reachable again`);
    this.#droppedAt = null;
    this.#liveAt = this.#options.now();
    this.#setState({ kind: 'live' });
    const parser = new SseParser((sse) => this.#receive(sse));
    await new Promise<void>((resolve) => {
      stream.response.on('data', (chunk: Buffer) => {
        parser.push(chunk);
        if (parser.lastEventId !== '') this.#lastId = parser.lastEventId;
      });
      stream.response.once('close', resolve);
      stream.response.once('error', resolve);
    });
    stream.close();
    this.#stream = null;
    return true;
  }

  async #fetchSnapshot(): Promise<{ snapshot: Snapshot; id: string }> {
    const reply = await this.#get('getSnapshot', []);
    const snapshot = JSON.parse(reply?.text ?? 'null') as Snapshot | null;
    if (snapshot === null || !Array.isArray(snapshot.servers) || !Array.isArray(snapshot.sources)) throw new AgentError('the agent sent no snapshot');
    return { snapshot, id: reply?.eventId ?? '' };
  }

  /** A fresh snapshot to start from; after a gap, the difference with what was known is announced. */
  async #resync(): Promise<void> {
    const { snapshot, id } = await this.#fetchSnapshot();
    const before = this.#snapshot;
    this.#snapshot = snapshot;
    this.#lastId = id;
    this.#recent = [];
    this.#needSnapshot = false;
    if (before !== null) await this.#announce(before, snapshot);
    this.#listeners.emit('changed');
  }

  async #announce(before: Snapshot, after: Snapshot): Promise<void> {
    const { joined, left } = onlineDifference(before, after);
    for (const event of joined) this.#listeners.emit('join', withSource(this.config.name, event));
    if (left.length === 0) return;
    let history: History;
    try {
      history = JSON.parse((await this.#get('getHistory', [{ days: 2 }]))?.text ?? 'null') as History;
    } catch (error) {
      this.#options.warn(`remote ${this.config.name}: cannot look up the sessions that ended while it was away: ${message(error)}`);
      return;
    }
    for (const gone of left) {
      const record = history.sessions.find(
        (s) => s.source === gone.source && s.server === gone.server && s.session === gone.session && s.start === gone.at,
      );
      if (record === undefined) continue;
      const leave: LeaveEvent = {
        source: record.source,
        server: record.server,
        session: record.session,
        name: record.name,
        userId: record.userId,
        at: record.end,
        reason: record.endReason,
        since: record.start,
        durationSeconds: record.durationSeconds,
      };
      this.#listeners.emit('leave', withSource(this.config.name, leave));
    }
  }

  #receive(sse: SseMessage): void {
    let payload: unknown;
    try {
      payload = JSON.parse(sse.data);
    } catch {
      this.#options.warn(`remote ${this.config.name}: ignored a malformed ${sse.event} event`);
      return;
    }
    const id = parseId(sse.id);
    const remote = this.config.name;
    switch (sse.event) {
      case 'join':
        if (!isPresenceEvent(payload)) break;
        this.#applyLive(id, (snapshot) => applyJoin(snapshot, payload));
        this.#listeners.emit('join', withSource(remote, payload as PresenceEvent));
        return;
      case 'leave':
        if (!isLeaveEvent(payload)) break;
        this.#applyLive(id, (snapshot) => applyLeave(snapshot, payload));
        this.#listeners.emit('leave', withSource(remote, payload as LeaveEvent));
        return;
      case 'server-event':
        if (!isServerEvent(payload)) break;
        this.#listeners.emit('server-event', withSource(remote, payload as ServerEventRecord));
        return;
      case 'progress':
        // Shown by the dashboard from the next snapshot; the backfill bar is the agent's business.
        return;
      case 'changed':
        this.#scheduleRefresh();
        return;
      case 'gap':
        // What was missed is gone from the agent's buffer: start again from a fresh snapshot.
        this.#needSnapshot = true;
        this.#stream?.close();
        return;
      default:
        return;
    }
    this.#options.warn(`remote ${remote}: ignored a ${sse.event} event of an unexpected shape`);
  }

  #applyLive(id: EventId | null, apply: (snapshot: Snapshot) => void): void {
    if (this.#snapshot !== null) apply(this.#snapshot);
    if (id === null) return;
    this.#recent.push({ id, apply });
    if (this.#recent.length > RECENT_LIMIT) this.#recent.shift();
  }

  /** `changed`: fetch the snapshot again (a burst of them, once), then tell the listeners. */
  #scheduleRefresh(): void {
    if (this.#changedTimer !== null) return;
    this.#changedTimer = setTimeout(() => {
      this.#changedTimer = null;
      this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = null));
    }, CHANGED_DEBOUNCE_MS);
  }

  async #refresh(): Promise<void> {
    try {
      const { snapshot, id } = await this.#fetchSnapshot();
      // A resynchronisation after a gap has taken over.
      if (this.#needSnapshot) return;
      const at = parseId(id);
      // Events that came after the snapshot was made are laid on it again.
      for (const event of this.#recent) {
        if (at !== null && event.id.run === at.run && event.id.seq > at.seq) event.apply(snapshot);
      }
      this.#snapshot = snapshot;
      this.#listeners.emit('changed');
    } catch (error) {
      // The stream will drop too if the agent is gone; the next connection fetches a snapshot anyway.
      this.#options.warn(`remote ${this.config.name}: cannot fetch its snapshot: ${message(error)}`);
    }
  }
}
