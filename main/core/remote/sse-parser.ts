// Server-Sent Events parsed as the HTML standard's "event stream interpretation" says
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation): lines end in
// LF, CRLF or CR; `field: value`; a blank line dispatches the block; `id:` sets the last event id even in a
// block without data; comments (`:`) are ignored. Node has no EventSource, and this one must send
// Last-Event-ID as a header through our own TLS connection anyway.

export interface SseMessage {
  event: string;
  data: string;
  /** The last event id in force for this message ('' before any). */
  id: string;
}

export class SseParser {
  #pending = '';
  #skipLf = false;
  #first = true;
  #event = '';
  #data: string[] = [];
  #lastId = '';
  #retry: number | null = null;
  readonly #decoder = new TextDecoder('utf-8');

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  /** The id a reconnect sends as Last-Event-ID: updated by every `id:` line, dispatched or not. */
  get lastEventId(): string {
    return this.#lastId;
  }

  /** The server's `retry:` in ms, when it sent one. */
  get retry(): number | null {
    return this.#retry;
  }

  push(chunk: Uint8Array): void {
    let text = this.#decoder.decode(chunk, { stream: true });
    if (this.#first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.#first = false;
    }
    let start = 0;
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (code === 10 && this.#skipLf) {
        // The LF of a CRLF split across two chunks (or right after the CR).
        this.#skipLf = false;
        start = i + 1;
        continue;
      }
      this.#skipLf = false;
      if (code !== 10 && code !== 13) continue;
      this.#line(this.#pending + text.slice(start, i));
      this.#pending = '';
      this.#skipLf = code === 13;
      start = i + 1;
    }
    this.#pending += text.slice(start);
  }

  #line(line: string): void {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.#lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#retry = Number(value);
        break;
    }
  }

  #dispatch(): void {
    const event = this.#event || 'message';
    const data = this.#data;
    this.#event = '';
    this.#data = [];
    // A block without data dispatches nothing (but its id stays in force).
    if (data.length === 0) return;
    this.onMessage({ event, data: data.join('\n'), id: this.#lastId });
  }
}
