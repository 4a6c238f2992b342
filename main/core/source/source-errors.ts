// The one mapping from "this log cannot be read" to words an admin can act on, shared by `report`, the
// backfill, the live follower and Murmur discovery, so the same fault reads the same wherever it shows up.

/** What to do about a permission error on a Murmur log; Debian's /var/log/mumble-server is mumble-server:adm 0750. */
export function readAccessAdvice(platform: NodeJS.Platform = process.platform): string {
  return platform === 'linux'
    ? "Murmur's logs are usually readable by the adm group only (Debian: /var/log/mumble-server is mumble-server:adm 0750); " +
        'add yourself with `sudo usermod -aG adm $USER` and log in again'
    : 'give this account read access to the file';
}

/** The error code of a file-system or zlib error ('EUNKNOWN' for anything else). */
export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

/**
 * Why a log cannot be read, from the code of a stat/open/read/gunzip error, in words that say what to do.
 * ENOTFILE is ours: the path is a device, a FIFO or a socket, which would never end or never hold a log.
 */
export function problemOf(code: string, detail?: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return `permission denied: the monitor cannot read this log. ${readAccessAdvice()}`;
    case 'EISDIR':
      return 'this path is a directory; give the path of the log file itself';
    case 'ENOTFILE':
      return 'this path is not a regular file (a device, a FIFO or a socket); give the path of the log file itself';
    case 'ENOTDIR':
      return 'a part of this path is not a directory';
    case 'ELOOP':
      return 'too many symbolic links in this path';
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return `damaged gzip data${detail === undefined ? '' : ` (${detail})`}`;
    default:
      return detail === undefined ? `cannot read this log (${code})` : `cannot read this log (${detail})`;
  }
}

/** A file of a source could not be read; the message names the file and says what to do. */
export class SourceReadError extends Error {
  readonly path: string;
  readonly code: string;
  constructor(path: string, code: string, message: string) {
    super(message);
    this.name = 'SourceReadError';
    this.path = path;
    this.code = code;
  }
}

/** `error` (from reading `path`) as a SourceReadError whose message starts with the path. */
export function describeFileError(path: string, error: unknown): SourceReadError {
  const code = errorCode(error);
  return new SourceReadError(path, code, `${path}: ${problemOf(code, error instanceof Error ? error.message : String(error))}`);
}

/** A SourceReadError with one of the codes problemOf() knows, for conditions found without an error. */
export function sourceProblem(path: string, code: 'ENOENT' | 'EISDIR' | 'ENOTFILE'): SourceReadError {
  return new SourceReadError(path, code, `${path}: ${problemOf(code)}`);
}
