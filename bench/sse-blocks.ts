// Splits an event stream's response into its blocks (the text between blank lines), for the latency benchmarks.
import type { IncomingMessage } from 'node:http';

export function onSseBlocks(response: IncomingMessage, onBlock: (block: string) => void): void {
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      onBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  });
}
