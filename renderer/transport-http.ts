// The browser's RendererApi: plain fetch and one EventSource against the headless server (`serve`).
// The page may be opened as `/?token=T`; the token then goes with every request.
import type {
  BackfillProgress,
  ExportKind,
  History,
  HistoryQuery,
  LastSeen,
  LeaveEvent,
  LiveConnection,
  PerfRange,
  PerfSeries,
  PresenceEvent,
  RendererApi,
  Snapshot,
} from '../main/contract.js';

type EventName = 'join' | 'leave' | 'progress' | 'changed';

export function createHttpApi(base: URL = new URL(window.location.href)): RendererApi {
  const token = base.searchParams.get('token');

  function url(path: string, params: Record<string, string | number | undefined> = {}): string {
    const target = new URL(path, base);
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) target.searchParams.set(key, String(value));
    }
    if (token) target.searchParams.set('token', token);
    return target.toString();
  }

  async function get(path: string, params?: Record<string, string | number | undefined>): Promise<Response> {
    const response = await fetch(url(path, params), { cache: 'no-store' });
    if (!response.ok) {
      const body = (await response.text()).slice(0, 200);
      throw new Error(`${path}: HTTP ${response.status}${body ? ` – ${body}` : ''}`);
    }
    return response;
  }

  async function getJson<T>(path: string, params?: Record<string, string | number | undefined>): Promise<T> {
    return (await (await get(path, params)).json()) as T;
  }

  // One stream for all listeners, opened on the first subscription; EventSource reconnects by itself.
  let stream: EventSource | null = null;
  const connectionListeners = new Set<(state: LiveConnection) => void>();
  const tellConnection = (state: LiveConnection): void => connectionListeners.forEach((listener) => listener(state));
  function openStream(): EventSource {
    const source = new EventSource(url('api/events'));
    // Joins and leaves sent while the stream was down are lost: a reconnect counts as a change, so the
    // dashboard fetches a fresh snapshot instead of showing a stale online list.
    let dropped = false;
    source.addEventListener('error', () => {
      dropped = true;
      // CLOSED: the server answered with an error (a new token, say) and the browser will not retry.
      tellConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    });
    source.addEventListener('open', () => {
      if (dropped) source.dispatchEvent(new MessageEvent('changed', { data: '' }));
      dropped = false;
      tellConnection('live');
    });
    return source;
  }
  function subscribe<T>(name: EventName, listener: (data: T) => void): () => void {
    stream ??= openStream();
    const handler = (event: MessageEvent<string>): void => {
      try {
        listener(JSON.parse(event.data || 'null') as T);
      } catch (error) {
        console.warn(`ignored a malformed ${name} event`, error);
      }
    };
    stream.addEventListener(name, handler);
    return () => stream?.removeEventListener(name, handler);
  }

  return {
    getSnapshot: () => getJson<Snapshot>('api/snapshot'),
    getHistory: (query: HistoryQuery) =>
      getJson<History>('api/history', { source: query.source, server: query.server, days: query.days }),
    findLastSeen: (name: string) => getJson<LastSeen[]>('api/last-seen', { name }),
    getPerf: (range: PerfRange) => getJson<PerfSeries>('api/perf', { range }),
    exportCsv: async (kind: ExportKind) => (await get('api/export.csv', { kind })).text(),
    onJoin: (listener: (event: PresenceEvent) => void) => subscribe('join', listener),
    onLeave: (listener: (event: LeaveEvent) => void) => subscribe('leave', listener),
    onProgress: (listener: (progress: BackfillProgress) => void) => subscribe('progress', listener),
    onChanged: (listener: () => void) => subscribe<unknown>('changed', () => listener()),
    onConnection: (listener: (state: LiveConnection) => void) => {
      stream ??= openStream();
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
  };
}
