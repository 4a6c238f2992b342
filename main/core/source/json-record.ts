// The docker json-file log and journalctl's JSON output both hold one JSON object per line.

/** The object one line holds, or null when the line is not JSON or not an object. */
export function jsonRecord(line: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
