// A TLS front for an HTTP server in the same process (what `serve --tls-cert` does, for tests of the remote
// client before and without a child process): it terminates TLS with the given certificate and pipes each
// connection to `upstream`, which may change (the agent restarted on another port), and can cut every
// connection at once, as a dropped network would.
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';

export class TlsFront {
  upstream: number;
  /** Bytes that reached the upstream server (0 after a refused handshake: nothing was sent). */
  bytesForwarded = 0;
  readonly #server: Server;
  readonly #sockets = new Set<TLSSocket | Socket>();

  private constructor(server: Server, upstream: number) {
    this.#server = server;
    this.upstream = upstream;
  }

  static async start(cert: Buffer, key: Buffer, upstream: number): Promise<TlsFront> {
    let front: TlsFront | undefined;
    const server = createServer({ cert, key }, (socket) => front?.pipe(socket));
    front = new TlsFront(server, upstream);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return front;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  pipe(client: TLSSocket): void {
    const server = connect(this.upstream, '127.0.0.1');
    for (const socket of [client, server]) {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      this.bytesForwarded += chunk.length;
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
  }

  /** Destroys every open connection (both ends), as a cut cable or a NAT that forgot them. */
  cut(): number {
    const count = this.#sockets.size;
    for (const socket of this.#sockets) socket.destroy();
    return count;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
