// Reading Murmur's systemd unit: whether systemd runs it in the foreground (`-fg` / `--foreground`, as
// Debian 13's mumble-server.service and upstream's 1.5 unit do), where every line goes to the journal and
// no log file is written, and which ini it is started with.
import { posix } from 'node:path';

/** The unit names Murmur is packaged under. */
export const MURMUR_UNITS = ['mumble-server', 'murmur', 'murmurd'];

/** Where unit files live, in systemd's order of precedence (systemd.unit(5), "Unit File Load Path"). */
export const UNIT_FOLDERS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

export interface MurmurUnit {
  /** Without `.service`: what `journal:UNIT` takes. */
  unit: string;
  /** The unit file that holds the ExecStart in effect. */
  unitPath: string;
  foreground: boolean;
  /** The `-ini` it is started with, if any. */
  iniPath: string | null;
}

/**
 * The ExecStart in effect after the unit file and its drop-ins, in that order: an empty `ExecStart=` clears
 * the ones before it (systemd.service(5)). Only lines of the [Service] section count.
 */
export function effectiveExecStart(texts: readonly string[]): string | null {
  let command: string | null = null;
  for (const text of texts) {
    let section = '';
    for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
      const line = raw.trim();
      const header = /^\[(.+)\]$/.exec(line);
      if (header) section = header[1] ?? '';
      else if (section === 'Service' && /^ExecStart\s*=/.test(line)) {
        const value = line.slice(line.indexOf('=') + 1).trim();
        command = value === '' ? null : value;
      }
    }
  }
  return command;
}

/** What a command line says: foreground or not, and its `-ini`. ExecStart's prefixes (`-`, `@`, `+`, ...) are dropped. */
export function murmurCommand(command: string): { foreground: boolean; iniPath: string | null } {
  const words = command.replace(/^[-@:+!]+/, '').split(/\s+/).map((word) => word.replace(/^"(.*)"$/, '$1'));
  const ini = words.findIndex((word) => word === '-ini' || word === '--ini');
  return {
    foreground: words.some((word) => word === '-fg' || word === '--foreground'),
    iniPath: ini === -1 ? null : (words[ini + 1] ?? null),
  };
}

export interface UnitFs {
  readText(path: string): Promise<string | null>;
  /** Names in a folder; empty when it does not exist. */
  list(path: string): Promise<string[]>;
}

/** Murmur's installed units, each read with its drop-ins (`UNIT.service.d/*.conf` in every unit folder). */
export async function findMurmurUnits(fs: UnitFs): Promise<MurmurUnit[]> {
  const units: MurmurUnit[] = [];
  for (const unit of MURMUR_UNITS) {
    const file = `${unit}.service`;
    let unitPath: string | null = null;
    let main: string | null = null;
    for (const folder of UNIT_FOLDERS) {
      main = await fs.readText(posix.join(folder, file));
      if (main !== null) {
        unitPath = posix.join(folder, file);
        break;
      }
    }
    if (main === null || unitPath === null) continue;
    const dropIns: string[] = [];
    // Drop-ins apply in the order of their file names, whatever folder they are in.
    const named: Array<{ name: string; path: string }> = [];
    for (const folder of UNIT_FOLDERS) {
      const dir = posix.join(folder, `${file}.d`);
      for (const name of await fs.list(dir)) if (name.endsWith('.conf') && !named.some((item) => item.name === name)) named.push({ name, path: posix.join(dir, name) });
    }
    for (const { path } of named.sort((a, b) => a.name.localeCompare(b.name))) {
      const text = await fs.readText(path);
      if (text !== null) dropIns.push(text);
    }
    const command = effectiveExecStart([main, ...dropIns]);
    if (command === null) continue;
    units.push({ unit, unitPath, ...murmurCommand(command) });
  }
  return units;
}
