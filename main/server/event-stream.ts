// GET /api/events: the monitor's events as Server-Sent Events, resumable after a dropped connection.
//
// Wire format (https://html.spec.whatwg.org/multipage/server-sent-events.html):
//   retry: 3000                    first, once: how long a browser waits before reconnecting
//   (a resuming client's catch-up: the events it missed, or a gap; see below)
//   id: S-N                        the position the live stream starts from, with no data (dispatches nothing,
//                                  but EventSource resends it as Last-Event-ID if the stream drops before an event)
//   id: S-N / event: NAME / data: JSON      NAME is join, leave, server-event or changed; data as the monitor emits
//                                  it (PresenceEvent, LeaveEvent, ServerEventRecord, {} for changed)
//   event: progress / data: JSON   backfill progress: no id, not replayed (only the latest one matters)
//   id: S-N / event: gap / data: {"reason": R}   the events after the client's Last-Event-ID are gone: R is
//                                  "restarted" (another run of the server: S differs), "overrun" (older than the
//                                  replay buffer) or "unknown" (an id this server never sent). Fetch /api/snapshot
//                                  afresh; the stream goes on live from S-N.
//   : keep-alive                   a comment every ~15 s, so proxies and browsers do not close an idle stream
// Ids: S is random hex made at each start of the server, N counts the events of that run from 1 (0: none yet).
// A client that reconnects with `Last-Event-ID: S-N` (header; or `?lastEventId=S-N` for a first EventSource, which
// cannot set headers) first gets every event after N that is still among the last REPLAY_LIMIT, then live ones.
// Every /api/ response carries `X-Event-Id: S-N`, the last event its data already reflects: a client fetches the
// snapshot, then opens the stream with that id, and misses nothing and gets nothing twice.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MonitorApi, MonitorEvents } from '../core/monitor-types.js';

export const KEEP_ALIVE_MS = 15_000;
/** Events kept for replay: a restart that drops a full server is a few hundred leaves. */
export const REPLAY_LIMIT = 1000;

export type GapReason = 'restarted' | 'overrun' | 'unknown';

export interface EventStreamOptions {
  keepAliveMs?: number;
  replayLimit?: number;
}

/** The bounded replay buffer: the last `limit` events of this run with their sequence numbers. */
class ReplayBuffer {
  readonly #blocks: string[] = [];
  #firstSeq = 1;

  constructor(private readonly limit: number) {}

  get lastSeq(): number {
    return this.#firstSeq + this.#blocks.length - 1;
  }

  push(block: string): void {
    this.#blocks.push(block);
    if (this.#blocks.length > this.limit) {
      this.#blocks.shift();
      this.#firstSeq += 1;
    }
  }

  /** The blocks after `seq`, or null when some of them were already dropped. */
  after(seq: number): string[] | null {
    if (seq < this.#firstSeq - 1) return null;
    return this.#blocks.slice(seq - this.#firstSeq + 1);
  }
}

/** The id a client resumes from: the Last-Event-ID header, else the `lastEventId` query parameter. */
function resumeId(request: IncomingMessage, url: URL): string | null {
  const header = request.headers['last-event-id'];
  if (typeof header === 'string' && header !== '') return header;
  return url.searchParams.get('lastEventId') || null;
}

export class EventStream {
  /** Random per run, so an id from before a restart is never mistaken for one of this run. */
  readonly #run = randomBytes(4).toString('hex');
  readonly #clients = new Set<ServerResponse>();
  readonly #unsubscribe: Array<() => void>;
  readonly #keepAlive: NodeJS.Timeout;
  readonly #replay: ReplayBuffer;

  constructor(monitor: Pick<MonitorApi, 'on'>, options: EventStreamOptions = {}) {
    this.#replay = new ReplayBuffer(options.replayLimit ?? REPLAY_LIMIT);
    const forward = <E extends keyof MonitorEvents>(event: E): (() => void) =>
      monitor.on(event, ((payload?: unknown) => this.#send(event, payload ?? {})) as MonitorEvents[E]);
    this.#unsubscribe = [forward('join'), forward('leave'), forward('server-event'), forward('changed')];
    this.#unsubscribe.push(monitor.on('progress', (progress) => this.#write(`event: progress\ndata: ${JSON.stringify(progress)}\n\n`)));
    this.#keepAlive = setInterval(() => this.#write(': keep-alive\n\n'), options.keepAliveMs ?? KEEP_ALIVE_MS);
    this.#keepAlive.unref();
  }

  /** The id of the last event sent (`S-0` before the first). */
  get lastId(): string {
    return `${this.#run}-${this.#replay.lastSeq}`;
  }

  /** Subscribes `response`; a HEAD request only gets the stream's headers, and the answer ends. */
  add(request: IncomingMessage, url: URL, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Ask reverse proxies (nginx) not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    // Node sends a HEAD reply's headers only at end(): without it the socket would stay open, silent.
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const from = resumeId(request, url);
    // The position comes last: a client cut off within the catch-up resumes from what it really got.
    response.write(`retry: 3000\n\n${from === null ? '' : this.#catchUp(from)}id: ${this.lastId}\n\n`);
    this.#clients.add(response);
    response.on('close', () => this.#clients.delete(response));
  }

  close(): void {
    clearInterval(this.#keepAlive);
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  /** Sends an event to every client and keeps it for replay. */
  #send(event: string, payload: unknown): void {
    // JSON.stringify escapes newlines, so one `data:` line always holds the whole payload.
    const body = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    this.#replay.push(body);
    this.#write(`id: ${this.lastId}\n${body}`);
  }

  /** What a client resuming after `id` missed: the events themselves, or a gap. */
  #catchUp(id: string): string {
    const match = /^([0-9a-f]+)-(\d{1,15})$/.exec(id);
    let reason: GapReason = 'unknown';
    if (match && match[1] !== this.#run) reason = 'restarted';
    else if (match && Number(match[2]) <= this.#replay.lastSeq) {
      const seq = Number(match[2]);
      const missed = this.#replay.after(seq);
      if (missed !== null) return missed.map((body, index) => `id: ${this.#run}-${seq + index + 1}\n${body}`).join('');
      reason = 'overrun';
    }
    return `id: ${this.lastId}\nevent: gap\ndata: ${JSON.stringify({ reason })}\n\n`;
  }

  #write(text: string): void {
    for (const client of this.#clients) client.write(text);
  }
}
