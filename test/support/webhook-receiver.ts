// A local HTTP server standing in for Discord, Slack, ntfy and generic webhooks: it keeps every POST and
// answers each with the next status planned for its path (200 once the plan is used up).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What this post was answered with. */
  status: number;
}

export class WebhookReceiver {
  private constructor(
    private readonly server: Server,
    readonly base: string,
    readonly posts: ReceivedPost[],
    private readonly plans: Map<string, Array<{ status: number; headers?: Record<string, string> }>>,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const plans = new Map<string, Array<{ status: number; headers?: Record<string, string> }>>();
    const posts: ReceivedPost[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const planned = plans.get(path)?.shift() ?? { status: 200 };
        posts.push({ path, headers: request.headers, body, status: planned.status });
        response.writeHead(planned.status, planned.headers).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts, plans);
  }

  /** The next posts to `path` get these statuses, in order. */
  plan(path: string, ...answers: Array<number | { status: number; headers: Record<string, string> }>): void {
    this.plans.set(path, answers.map((answer) => (typeof answer === 'number' ? { status: answer } : answer)));
  }

  /** The bodies of the successful posts to `path`, parsed as JSON. */
  delivered<T>(path: string): T[] {
    return this.posts.filter((post) => post.path === path && post.status < 300).map((post) => JSON.parse(post.body) as T);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
