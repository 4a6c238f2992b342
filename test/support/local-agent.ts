// A `serve` agent in this process, for tests of what follows one: the real Monitor on a synthetic log and
// its HTTP server with a token, behind a TLS-ending relay (openssl's certificate) that keeps its port through a
// restart of the agent and can cut every connection.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Monitor } from '../../main/core/monitor.js';
import { startHttpServer, type RunningServer } from '../../main/server/http-server.js';
import { joinLineAfter, leaveLineAfter, syntheticText, writeRotatedLog } from '../unit/monitor-fixtures.js';
import type { ServerCertificate } from './server-certificate.js';
import { Relay } from './relay.js';

export class LocalAgent {
  monitor!: Monitor;
  server!: RunningServer;
  front!: Relay;
  text: string;
  readonly path: string;

  constructor(
    private readonly root: string,
    readonly name: string,
    private readonly token: string,
    private readonly certificate: ServerCertificate,
  ) {
    const log = writeRotatedLog(join(root, name, 'logs'), syntheticText(3, name.length));
    this.path = log.path;
    this.text = log.text;
  }

  /** Starts (or starts again, on the same data folder and behind the same front). */
  async start(): Promise<void> {
    this.monitor = await Monitor.open({
      sources: [{ name: 'main', path: this.path }],
      dataDir: join(this.root, this.name, 'data'),
      tail: { watch: false, pollIntervalMs: 20 },
      storeDebounceMs: 10,
      warn: () => undefined,
    });
    await this.monitor.backfilled();
    const staticRoot = join(this.root, 'www');
    mkdirSync(staticRoot, { recursive: true });
    this.server = await startHttpServer({ monitor: this.monitor, host: '127.0.0.1', port: 0, token: this.token, staticRoot, keepAliveMs: 200 });
    if (this.front === undefined) this.front = await Relay.start(this.server.port, { cert: this.certificate.cert, key: this.certificate.key });
    else this.front.upstream = this.server.port;
  }

  async stop(): Promise<void> {
    await this.server.close();
    await this.monitor.close();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.front.close();
  }

  get url(): string {
    return `https://127.0.0.1:${this.front.port}/`;
  }

  #write(line: string): void {
    appendFileSync(this.path, line);
    this.text += line;
  }

  join(session: number, name: string): void {
    this.#write(joinLineAfter(this.text, session, name));
  }

  leave(session: number, name: string): void {
    this.#write(leaveLineAfter(this.text, session, name));
  }
}
