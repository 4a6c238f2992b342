// What the tray shows, derived from a snapshot: a pure function so every label is testable.
import type { Snapshot } from '../contract.js';
import type { TrayState } from './tray-icons.js';
import { PRODUCT_NAME } from './app-identity.js';
import { SEPARATOR } from '../core/remote/prefix.js';

export interface TrayServerGroup {
  source: string;
  server: number;
  names: string[];
}

export interface TrayModel {
  state: TrayState;
  online: number;
  groups: TrayServerGroup[];
  /** `source: reason` for each source in error or whose Murmur has stopped, `remote: unreachable since 14:05`. */
  errors: string[];
  /** Notifications paused until this epoch ms; null when not paused. */
  pausedUntil: number | null;
}

/** `14:05` in this computer's local time; with the date when it is not today. */
export function clockTime(epochMs: number, now = Date.now()): string {
  if (!Number.isFinite(epochMs)) return 'a while';
  const at = new Date(epochMs);
  const pad = (value: number): string => String(value).padStart(2, '0');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  return at.toDateString() === new Date(now).toDateString() ? time : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}

export function trayModel(snapshot: Snapshot, pausedUntil: number | null): TrayModel {
  const groups = snapshot.servers
    .filter((server) => server.online.length > 0)
    .map((server) => ({
      source: server.source,
      server: server.server,
      names: server.online.map((user) => user.name).sort((a, b) => a.localeCompare(b)),
    }));
  const online = groups.reduce((sum, group) => sum + group.names.length, 0);
  const unreachable = new Set<string>();
  const errors = snapshot.sources.flatMap((source) => {
    if (source.state === 'error') return [`${source.name}: ${source.message ?? 'error'}`];
    if (source.state === 'unreachable') {
      // One line per agent, not per source: `vps: unreachable since 14:05`.
      const agent = source.name.split(SEPARATOR)[0] ?? source.name;
      if (unreachable.has(agent)) return [];
      unreachable.add(agent);
      return [`${agent}: unreachable since ${clockTime(Date.parse(source.unreachableSince ?? ''))}`];
    }
    // The log's own wall-clock time: `2026-11-27 13:05`.
    if (source.murmur?.state === 'stopped') return [`${source.name}: Murmur stopped since ${source.murmur.since.slice(0, 16).replace('T', ' ')}`];
    return [];
  });
  const state: TrayState = errors.length > 0 ? 'error' : online > 0 ? 'online' : 'idle';
  return { state, online, groups, errors, pausedUntil };
}

/** Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip holds 128). */
export const TOOLTIP_LIMIT = 127;

export function trayTooltip(model: TrayModel): string {
  const parts = [model.online === 0 ? 'nobody online' : `${model.online} online`];
  if (model.errors.length > 0) parts.push(model.errors.length === 1 ? model.errors[0] ?? '' : `${model.errors.length} problems`);
  if (model.pausedUntil !== null) parts.push('notifications paused');
  const text = `${PRODUCT_NAME}: ${parts.join(' · ')}`;
  return text.length <= TOOLTIP_LIMIT ? text : `${text.slice(0, TOOLTIP_LIMIT - 1)}…`;
}

/** The macOS menu-bar title beside the icon: the count, or nothing when nobody is on. */
export function trayTitle(model: TrayModel): string {
  return model.online > 0 ? String(model.online) : '';
}
