// Checks of a stored JSON document, field by field, that name the first bad field by its path
// (`sources.main.tracker.servers[0].open[2].name: expected text, got null`). A document read back from disk
// is `unknown`: whatever a crash, a full disk, an editor or another version left there, it is either
// entirely what the monitor wrote or set aside, never half believed.
import { runInTurns } from '../in-turns.js';
import { logTimeWall } from '../../log-time.js';

export class FieldError extends Error {}

export type Fields = Record<string, unknown>;

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function fail(path: string, expected: string, value: unknown): never {
  throw new FieldError(`${path}: expected ${expected}, got ${shown(value)}`);
}

export function object(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as Fields;
}

export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'a list', value);
  return value;
}

/** A whole number in [min, max]; the default top is the largest a double holds exactly. */
export function integer(value: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(path, `a whole number from ${min} to ${max}`, value);
  return value;
}

/** A finite number in [min, max] (perf readings). */
export function finite(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) fail(path, `a number from ${min} to ${max}`, value);
  return value;
}

export function text(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'text', value);
  return value;
}

export function flag(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (!(allowed as readonly unknown[]).includes(value)) fail(path, `one of ${allowed.join(', ')}`, value);
  return value as T;
}

const LOG_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/;

/** A log time as the monitor writes it (`2026-11-27T13:11:15.961`), a real calendar time. */
export function logTime(value: unknown, path: string): string {
  if (typeof value !== 'string' || !LOG_TIME.test(value) || Number.isNaN(logTimeWall(value))) fail(path, 'a log time like 2026-11-27T13:11:15.961', value);
  return value;
}

/** A calendar day `YYYY-MM-DD`. */
export function day(value: unknown, path: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(value) || Number.isNaN(logTimeWall(`${value}T00:00:00`))) fail(path, 'a day like 2026-11-27', value);
  return value;
}

/** `check` on the field when it is present (absent is fine, null is not). */
export function optional<T>(value: unknown, check: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}

/** `check` on the value unless it is null. */
export function nullable<T>(value: unknown, check: (value: unknown) => T): T | null {
  return value === null ? null : check(value);
}

/**
 * Runs the checks of `steps` over as many turns of the event loop as they need; resolves to the problem
 * they found in words, or null when there is none.
 */
export async function problemOf(steps: Generator<void, void, void>): Promise<string | null> {
  try {
    await runInTurns(steps);
    return null;
  } catch (error) {
    if (error instanceof FieldError) return error.message;
    throw error;
  }
}
