// A relay in front of a server on loopback, for tests of what follows an agent: it pipes each connection to
// `upstream`, which may change (the agent restarted on another port), and can cut every connection at once,
// as a dropped network would. With a certificate it also ends TLS (what `serve --tls-cert` does, for an
// agent in the test's own process); without one it passes TLS through untouched.
import { connect, createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

export class Relay {
  upstream: number;
  /** Bytes that reached the upstream server (0 after a refused handshake at a TLS-ending relay). */
  bytesForwarded = 0;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  private constructor(server: Server, upstream: number) {
    this.#server = server;
    this.upstream = upstream;
  }

  static async start(upstream: number, tls?: { cert: Buffer; key: Buffer }): Promise<Relay> {
    let relay: Relay | undefined;
    const onConnection = (socket: Socket) => relay?.pipe(socket);
    const server = tls === undefined ? createTcpServer(onConnection) : createTlsServer(tls, onConnection);
    relay = new Relay(server, upstream);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  pipe(client: Socket): void {
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
