// A small Server-Sent Events reader for the serve tests: collects every event of GET /api/events and lets
// a test wait (bounded) for one that matches. It keeps the last event id as EventSource does (an `id:` field
// sets it, even in a block without data), so a test can resume from it.
import { get as httpGet, type ClientRequest, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { waitUntil } from './wait-until.js';

export interface SseEvent {
  event: string;
  data: string;
  /** The last event id in force when this event arrived ('' before any). */
  id: string;
  /** performance.now() when the block was parsed. */
  receivedAt: number;
}

export interface SseOpenOptions {
  timeoutMs?: number;
  /** Sent as the Last-Event-ID header, as EventSource does when it reconnects. */
  lastEventId?: string;
  headers?: Record<string, string>;
  /** Trusted certificate(s) for an https URL. */
  ca?: string | Buffer;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  /** The id EventSource would send as Last-Event-ID on a reconnect. */
  lastEventId = '';
  private request: ClientRequest | undefined;
  private closed = false;

  private constructor(private readonly url: string) {}

  /** Opens the stream and resolves once the server answered with 200 and text/event-stream. */
  static open(url: string, options: SseOpenOptions = {}): Promise<SseClient> {
    const client = new SseClient(url);
    const timeoutMs = options.timeoutMs ?? 10_000;
    const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
    if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    return new Promise((resolve, reject) => {
      const request = get(url, { headers, timeout: timeoutMs, ca: options.ca }, (response) => {
        if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith('text/event-stream')) {
          response.resume();
          reject(new Error(`GET ${url}: ${response.statusCode} ${String(response.headers['content-type'])}`));
          return;
        }
        request.setTimeout(0);
        client.read(response);
        resolve(client);
      });
      request.once('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
      request.once('error', (error) => (client.closed ? undefined : reject(error)));
      client.request = request;
    });
  }

  /** Events of one kind with their data parsed as JSON. */
  dataOf<T>(event: string): T[] {
    return this.events.filter((entry) => entry.event === event).map((entry) => JSON.parse(entry.data) as T);
  }

  /** Waits for an event of kind `event` whose parsed data satisfies `match`; returns that data. */
  async waitFor<T>(event: string, match: (data: T) => boolean, timeoutMs = 10_000): Promise<T> {
    return waitUntil(() => this.dataOf<T>(event).find(match), { timeoutMs, what: `SSE event "${event}" from ${this.url}` });
  }

  /** Waits until the last event id is `id`. */
  async waitForId(id: string, timeoutMs = 10_000): Promise<void> {
    await waitUntil(() => (this.lastEventId === id ? true : undefined), { timeoutMs, what: `SSE id ${id} from ${this.url}` });
  }

  close(): void {
    this.closed = true;
    this.request?.destroy();
  }

  private read(response: IncomingMessage): void {
    response.setEncoding('utf8');
    let pending = '';
    response.on('data', (chunk: string) => {
      pending += chunk;
      let end: number;
      while ((end = pending.search(/\r?\n\r?\n/)) >= 0) {
        const block = pending.slice(0, end);
        pending = pending.slice(end).replace(/^\r?\n\r?\n/, '');
        this.parseBlock(block);
      }
    });
    response.on('error', () => undefined);
  }

  /** One event block: `event:`, `data:` and `id:` fields; comment lines (keep-alives) start with `:`. */
  private parseBlock(block: string): void {
    const receivedAt = performance.now();
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') this.lastEventId = value;
    }
    if (data.length > 0) this.events.push({ event, data: data.join('\n'), id: this.lastEventId, receivedAt });
  }
}
