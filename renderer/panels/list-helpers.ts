// Shared by the history lists: newest-first ordering with a row cap, and the empty-table row.
import type { LogTime } from '../../main/contract.js';
import { el } from '../dom.js';
import { compareLogTime } from '../format.js';

/** Long lists are cut to what a person reads; the CSV export has everything. */
export const MAX_ROWS = 100;

export function newestFirst<T>(items: T[], time: (item: T) => LogTime): T[] {
  return [...items].sort((a, b) => compareLogTime(time(b), time(a))).slice(0, MAX_ROWS);
}

export function emptyRow(columns: number, text: string): HTMLTableRowElement {
  return el('tr', null, el('td', { className: 'muted', attrs: { colspan: String(columns) } }, text));
}
