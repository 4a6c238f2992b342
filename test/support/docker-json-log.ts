// Writes a program's output the way Docker's json-file log driver does, for tests on machines where Docker
// cannot run: one JSON object per line of output (`{"log":"...\n","stream":"stderr","time":"...Z"}`), a line
// longer than 16 KiB cut into objects whose `log` has no trailing "\n" but the last's, the escaping of
// moby's jsonlog (HTML characters as \u003c..., bad UTF-8 as \ufffd), rotation at max-size to ID-json.log.1,
// .2, ... (max-file), and, with compress, rotated files gzipped to .N.gz. Also the container's state files
// the monitor resolves a name from (config.v2.json, hostconfig.json) under a Docker root of the test's own.
// References: moby daemon/logger/copier.go, jsonfilelog/jsonfilelog.go, jsonlog/jsonlogbytes.go,
// loggerutils/logfile.go.
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Docker's copier reads into a buffer of this size; a full buffer without a newline is logged as a partial line. */
export const DOCKER_LINE_BUFFER = 16 * 1024;

const HEX = '0123456789abcdef';

/** `bytes` as a JSON string, escaped as moby's ffjsonWriteJSONBytesAsString does. */
export function dockerJsonString(bytes: Buffer): string {
  let out = '"';
  const text = bytes.toString('utf8'); // bad bytes become U+FFFD, written below as \ufffd
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || char === '<' || char === '>' || char === '&') out += `\\u00${HEX[code >> 4]}${HEX[code & 15]}`;
    else if (code === 0xfffd) out += '\\ufffd';
    else if (code === 0x2028 || code === 0x2029) out += `\\u202${HEX[code & 15]}`;
    else out += char;
  }
  return `${out}"`;
}

/** Go's time.RFC3339Nano in UTC: nanoseconds with trailing zeros dropped (and no fraction when they are all zero). */
export function dockerTime(ms: number, extraNanos = 0): string {
  const iso = new Date(ms).toISOString(); // 2026-11-27T13:11:15.961Z
  const nanos = `${iso.slice(20, 23)}${String(extraNanos).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${nanos === '' ? '' : `.${nanos}`}Z`;
}

export interface DockerLogOptions {
  /** The Docker root of this test (what MURMUR_MONITOR_DOCKER_ROOT points at). */
  root: string;
  name: string;
  /** 64 hex digits (default: random). */
  id?: string;
  /** Rotate once the live file reaches this many bytes (Docker's max-size); unlimited when absent. */
  maxSize?: number;
  /** Files kept, the live one included (max-file, default 1: no rotation). */
  maxFile?: number;
  compress?: boolean;
  /** hostconfig.json's LogConfig.Type (default json-file). */
  driver?: string;
}

/** One container's json-file log, written like the daemon does. */
export class DockerJsonLog {
  readonly id: string;
  readonly folder: string;
  readonly logPath: string;
  /** While true, the live file grows past max-size and rotates at the first write after it is released. */
  rotationHeld = false;
  readonly #options: DockerLogOptions;
  /** Output of each stream not yet ended by a newline. */
  readonly #pending = new Map<string, Buffer>();
  #size = 0;
  #nanos = 0;

  constructor(options: DockerLogOptions) {
    this.#options = options;
    this.id = options.id ?? randomBytes(32).toString('hex');
    this.folder = join(options.root, 'containers', this.id);
    this.logPath = join(this.folder, `${this.id}-json.log`);
    mkdirSync(this.folder, { recursive: true });
    writeFileSync(join(this.folder, 'config.v2.json'), JSON.stringify({ ID: this.id, Name: `/${options.name}`, LogPath: this.logPath }));
    writeFileSync(join(this.folder, 'hostconfig.json'), JSON.stringify({ LogConfig: { Type: options.driver ?? 'json-file', Config: {} } }));
    writeFileSync(this.logPath, '');
  }

  /** What the container wrote on `stream` (any chunking): logged as Docker's copier would, line by line. */
  write(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    let buffered = Buffer.concat([this.#pending.get(stream) ?? Buffer.alloc(0), chunk]);
    for (;;) {
      const newline = buffered.indexOf(0x0a);
      if (newline !== -1 && newline < DOCKER_LINE_BUFFER) {
        this.#record(stream, buffered.subarray(0, newline + 1));
        buffered = buffered.subarray(newline + 1);
      } else if (buffered.length >= DOCKER_LINE_BUFFER) {
        this.#record(stream, buffered.subarray(0, DOCKER_LINE_BUFFER));
        buffered = buffered.subarray(DOCKER_LINE_BUFFER);
      } else break;
    }
    this.#pending.set(stream, Buffer.from(buffered));
  }

  /** The rotated files that exist now, newest first (`.1`, `.2.gz`, ...). */
  rotations(): string[] {
    const found: string[] = [];
    for (let n = 1; n < (this.#options.maxFile ?? 1); n += 1) {
      for (const name of [`${this.logPath}.${n}`, `${this.logPath}.${n}.gz`]) if (existsSync(name)) found.push(name);
    }
    return found;
  }

  #record(stream: string, log: Buffer): void {
    const { maxSize, maxFile = 1 } = this.#options;
    if (!this.rotationHeld && maxSize !== undefined && this.#size >= maxSize && maxFile > 1) this.#rotate(maxFile);
    // Murmur's output gets the time Docker read it: now, with made-up sub-millisecond digits.
    this.#nanos = (this.#nanos + 137_911) % 1_000_000;
    const line = `{"log":${dockerJsonString(log)},"stream":"${stream}","time":"${dockerTime(Date.now(), this.#nanos)}"}\n`;
    appendFileSync(this.logPath, line);
    this.#size += Buffer.byteLength(line);
  }

  /** loggerutils/logfile.go: drop the oldest, shift .N to .N+1, live to .1, then (compress) .1 to .1.gz. */
  #rotate(maxFile: number): void {
    const extension = this.#options.compress === true ? '.gz' : '';
    rmSync(`${this.logPath}.${maxFile - 1}${extension}`, { force: true });
    for (let n = maxFile - 1; n > 1; n -= 1) {
      const from = `${this.logPath}.${n - 1}${extension}`;
      if (existsSync(from)) renameSync(from, `${this.logPath}.${n}${extension}`);
    }
    renameSync(this.logPath, `${this.logPath}.1`);
    writeFileSync(this.logPath, '');
    this.#size = 0;
    if (extension !== '') {
      writeFileSync(`${this.logPath}.1.gz`, gzipSync(readFileSync(`${this.logPath}.1`)));
      rmSync(`${this.logPath}.1`);
    }
  }

  /** Bytes in the live file now. */
  get liveSize(): number {
    return statSync(this.logPath).size;
  }
}
