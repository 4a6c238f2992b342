// With addresses off (`serve --no-addresses`, the app's setting) none is kept, also none that a store
// written before holds: they are taken out of it when it is loaded, so the next write has none.
import type { OpenSessionState, PendingConnection, ServerSessionsState } from '../murmur/server-sessions.js';
import type { TrackerState } from '../murmur/tracker-state.js';
import type { SecurityEventEntry } from './history-types.js';
import type { StoredSource } from './store-schema.js';

/** Removes every client address from a stored source (checked by store-schema.ts, so of the known shape). */
export function forgetAddresses(source: StoredSource): void {
  const tracker = source.tracker as TrackerState;
  for (const server of tracker.servers as ServerSessionsState[]) {
    for (const session of server.open as OpenSessionState[]) delete session.address;
    for (const [, connection] of server.pending as Array<[number, PendingConnection]>) delete connection.address;
  }
  for (const event of source.history.security as SecurityEventEntry[]) delete event.address;
}
