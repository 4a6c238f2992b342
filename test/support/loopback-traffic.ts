// A known rate of TCP traffic over 127.0.0.1, paced against the clock, for the tests that check measured
// network figures against the truth. Loopback counts each byte twice: sent (tx) and received (rx) on `lo`.
import { createServer, connect, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Traffic {
  /** Epoch ms when sending started and stopped. */
  start: number;
  end: number;
  /** Bytes the receiving end got, so the truth is what crossed `lo`, not what was queued. */
  received: number;
}

/** Sends `mbps` Mbit/s of TCP over 127.0.0.1 for `seconds`, paced against the clock every 10 ms. */
export async function sendLoopback(mbps: number, seconds: number): Promise<Traffic> {
  let received = 0;
  const server = createServer((socket) => socket.on('data', (data: Buffer) => (received += data.length)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  const chunk = Buffer.alloc(16 * 1024, 0x5a);
  const bytesPerMs = (mbps * 1_000_000) / 8 / 1000;
  const start = Date.now();
  let queued = 0;
  while (Date.now() - start < seconds * 1000) {
    const due = (Date.now() - start) * bytesPerMs;
    while (queued + chunk.length <= due) {
      client.write(chunk);
      queued += chunk.length;
    }
    await sleep(10);
  }
  const end = Date.now();
  const receivedByEnd = received;
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { start, end, received: receivedByEnd };
}
