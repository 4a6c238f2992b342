// What a store does when a write fails (disk full, folder made read-only, quota): it keeps the state in
// memory and tries again later, waiting longer each time, and says so once per change of state rather
// than once per attempt: "cannot write the store: disk full; retrying", then "the store is written again".
import { errorCode } from '../source/source-errors.js';

const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 60_000;

/** An error as a few words an admin can act on. */
export function writeFailure(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOSPC':
      return 'disk full';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'its folder is gone';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export class WriteRetry {
  /** Why the last attempt failed; null while writes succeed. */
  #failure: string | null = null;
  #failures = 0;

  /** `what` names the file in messages: "the store", "the perf history". */
  constructor(
    private readonly what: string,
    private readonly path: string,
    private readonly warn: (message: string) => void,
  ) {}

  get failure(): string | null {
    return this.#failure;
  }

  /** Records a failed attempt (warning when the reason is new); returns how long to wait before the next. */
  failed(error: unknown): number {
    const failure = writeFailure(error);
    if (failure !== this.#failure) this.warn(`murmur-monitor: cannot write ${this.what} (${this.path}): ${failure}; retrying`);
    this.#failure = failure;
    this.#failures += 1;
    return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.#failures - 1));
  }

  succeeded(): void {
    if (this.#failure !== null) this.warn(`murmur-monitor: ${this.what} is written again (${this.path})`);
    this.#failure = null;
    this.#failures = 0;
  }
}
