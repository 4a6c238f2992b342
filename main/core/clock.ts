// Time as a dependency, so coalescing windows, pauses and quiet hours are tested with a fake clock.
export interface Clock {
  now(): number;
  /** Local minute of the day (0–1439) at `epochMs`. */
  minuteOfDay(epochMs: number): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  minuteOfDay(epochMs) {
    const date = new Date(epochMs);
    return date.getHours() * 60 + date.getMinutes();
  },
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
