// GET /api/events: the monitor's events as Server-Sent Events. Each client gets `event: NAME` + `data: JSON`;
// a comment line every ~15 s keeps proxies and browsers from closing an idle stream.
import type { ServerResponse } from 'node:http';
import type { MonitorApi, MonitorEvents } from '../core/monitor-types.js';

export const KEEP_ALIVE_MS = 15_000;

export class EventStream {
  readonly #clients = new Set<ServerResponse>();
  readonly #unsubscribe: Array<() => void>;
  readonly #keepAlive: NodeJS.Timeout;

  constructor(monitor: Pick<MonitorApi, 'on'>, keepAliveMs = KEEP_ALIVE_MS) {
    const forward = <E extends keyof MonitorEvents>(event: E): (() => void) =>
      monitor.on(event, ((payload?: unknown) => this.broadcast(event, payload ?? {})) as MonitorEvents[E]);
    this.#unsubscribe = [forward('join'), forward('leave'), forward('progress'), forward('changed')];
    this.#keepAlive = setInterval(() => this.#write(': keep-alive\n\n'), keepAliveMs);
    this.#keepAlive.unref();
  }

  add(response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Ask reverse proxies (nginx) not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    response.write('retry: 3000\n\n');
    this.#clients.add(response);
    response.on('close', () => this.#clients.delete(response));
  }

  broadcast(event: string, payload: unknown): void {
    // JSON.stringify escapes newlines, so one `data:` line always holds the whole payload.
    this.#write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  close(): void {
    clearInterval(this.#keepAlive);
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #write(text: string): void {
    for (const client of this.#clients) client.write(text);
  }
}
