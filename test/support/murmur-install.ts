// Where the real Murmurs live on this machine: Debian 12's murmurd (1.3) on the host, and Debian 13's
// mumble-server (1.5) inside a debootstrap root that is entered with chroot (see .ci/setup-system.sh).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type MurmurVersion = '1.3' | '1.5';

export const MURMUR_VERSIONS: readonly MurmurVersion[] = ['1.3', '1.5'];

export interface MurmurInstall {
  version: MurmurVersion;
  /** The root the binary runs in: '/' on the host, or the debootstrap root (run through chroot). */
  root: string;
  /** The binary's path as seen from inside `root`. */
  binary: string;
  /** The account Murmur drops to after starting as root; its folder must belong to it. */
  uid: number;
  gid: number;
}

const TRIXIE_ROOT = process.env.MURMUR15_ROOT ?? '/var/cache/murmur-monitor/trixie';
const LOCATIONS: Record<MurmurVersion, { root: string; binary: string }> = {
  '1.3': { root: '/', binary: '/usr/sbin/murmurd' },
  '1.5': { root: TRIXIE_ROOT, binary: '/usr/bin/mumble-server' },
};

/** The install of a version, or a sentence saying why it is not usable here (for a test's skip message). */
export function findMurmur(version: MurmurVersion): MurmurInstall | string {
  const { root, binary } = LOCATIONS[version];
  if (!existsSync(join(root, binary))) {
    return `Murmur ${version} is not installed (${join(root, binary)} is missing; run .ci/setup-system.sh as root)`;
  }
  if (process.getuid?.() !== 0) return `Murmur ${version} tests need root (Murmur drops to mumble-server; 1.5 needs chroot)`;
  const account = readFileSync(join(root, 'etc/passwd'), 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'mumble-server');
  if (!account) return `no mumble-server account in ${join(root, 'etc/passwd')}`;
  return { version, root, binary, uid: Number(account[2]), gid: Number(account[3]) };
}
