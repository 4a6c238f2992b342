// A small real file system for the disk-fault tests: a tmpfs of a given size, which can be grown or made
// read-only while a monitor writes to it. Needs root (mount); a test skips itself with the reason otherwise.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

export class Tmpfs {
  private constructor(readonly dir: string) {}

  /** Mounts a tmpfs of `size` (mount's syntax: 200k, 16m) on `dir`; a string says why it cannot. */
  static mount(dir: string, size: string): Tmpfs | string {
    if (process.platform !== 'linux') return 'tmpfs mounts are Linux only';
    if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
    mkdirSync(dir, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
    } catch (error) {
      return `mount -t tmpfs is not permitted here: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
    }
    return new Tmpfs(dir);
  }

  /** `remount` options, e.g. `ro`, `rw`, `size=16m`. */
  remount(options: string): void {
    execFileSync('mount', ['-o', `remount,${options}`, this.dir], { stdio: 'pipe' });
  }

  unmount(): void {
    execFileSync('umount', ['-l', this.dir], { stdio: 'pipe' });
  }
}
