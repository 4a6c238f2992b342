// The browser's RendererApi, made from the API table: plain fetch and one EventSource against the headless
// server (`serve`). The page may be opened as `/?token=T`; the token then goes with every request.
import { callsThrough, callUrl, MONITOR_CALLS, MONITOR_EVENTS, subscriptionsThrough, type Argument, type HttpRoute } from '../main/api.js';
import type { LiveConnection, RendererApi } from '../main/contract.js';

export function createHttpApi(base: URL = new URL(window.location.href)): RendererApi {
  const token = base.searchParams.get('token');
  const withToken = (url: URL): string => {
    if (token) url.searchParams.set('token', token);
    return url.toString();
  };

  async function request(entry: { http: HttpRoute; argument: Argument }, args: unknown[]): Promise<unknown> {
    // `no-cache`: a kept answer (revalidate in the API table) is used only after the server said it is current.
    const response = await fetch(withToken(callUrl(base, entry.http, entry.argument, args)), { cache: entry.http.revalidate ? 'no-cache' : 'no-store' });
    if (!response.ok) {
      const body = (await response.text()).slice(0, 200);
      throw new Error(`${entry.http.path}: HTTP ${response.status}${body ? ` – ${body}` : ''}`);
    }
    return entry.http.body === 'json' ? response.json() : response.text();
  }

  // One stream for all listeners, opened on the first subscription; EventSource reconnects by itself.
  let stream: EventSource | null = null;
  const connectionListeners = new Set<(state: LiveConnection) => void>();
  const tellConnection = (state: LiveConnection): void => connectionListeners.forEach((listener) => listener(state));
  function openStream(): EventSource {
    const source = new EventSource(withToken(new URL('api/events', base)));
    // On a reconnect EventSource sends the last id it saw (Last-Event-ID) and the server replays what was
    // missed (main/server/event-stream.ts). Only when it cannot, it sends `gap`: then the dashboard fetches
    // a fresh snapshot instead of showing a stale online list.
    source.addEventListener('gap', () => source.dispatchEvent(new MessageEvent('changed', { data: '' })));
    source.addEventListener('error', () => {
      // CLOSED: the server answered with an error (a new token, say) and the browser will not retry.
      tellConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    });
    source.addEventListener('open', () => tellConnection('live'));
    return source;
  }
  function subscribe(name: string, _entry: unknown, deliver: (payload: unknown) => void): () => void {
    stream ??= openStream();
    const handler = (event: MessageEvent<string>): void => {
      try {
        deliver(JSON.parse(event.data || 'null'));
      } catch (error) {
        console.warn(`ignored a malformed ${name} event`, error);
      }
    };
    stream.addEventListener(name, handler);
    return () => stream?.removeEventListener(name, handler);
  }

  return {
    ...callsThrough(MONITOR_CALLS, (_name, entry, args) => request(entry, args)),
    ...subscriptionsThrough(MONITOR_EVENTS, subscribe),
    onConnection: (listener: (state: LiveConnection) => void) => {
      stream ??= openStream();
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
  } satisfies RendererApi;
}
