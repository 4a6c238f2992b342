// Finds a Docker container's log file from its name or id, the way the Docker CLI resolves them (a whole
// id, a unique id prefix, or a name), by reading the daemon's own state under its root folder: each
// container has `containers/ID/config.v2.json` (ID, Name) and `hostconfig.json` (LogConfig).
// With the default json-file log driver, the log is `containers/ID/ID-json.log`, rotated to `.1`, `.2`, ...
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DEFAULT_DOCKER_ROOT = '/var/lib/docker';

/** The root the Docker daemon keeps its state in: MURMUR_MONITOR_DOCKER_ROOT (its `data-root`) or the default. */
export function dockerRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.MURMUR_MONITOR_DOCKER_ROOT || DEFAULT_DOCKER_ROOT;
}

export interface DockerContainer {
  id: string;
  /** Without Docker's leading '/'. */
  name: string;
  /** The live json-file log. */
  logPath: string;
}

/** A container that cannot be followed; the message says what to do. */
export class DockerSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerSourceError';
  }
}

interface ContainerConfig {
  ID?: unknown;
  Name?: unknown;
}

interface HostConfig {
  LogConfig?: { Type?: unknown };
}

const ACCESS_ADVICE =
  'the Docker folders are readable by root only: run the monitor as root, or give its user read access ' +
  '(`sudo setfacl -m u:USER:x /var/lib/docker /var/lib/docker/containers` and ' +
  '`sudo setfacl -R -m u:USER:rX -m d:u:USER:rX /var/lib/docker/containers/ID`)';

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** The container `reference` (name, id or unique id prefix) under `root`, with its log file. Throws DockerSourceError. */
export async function findContainer(reference: string, root: string = dockerRoot()): Promise<DockerContainer> {
  const folder = join(root, 'containers');
  let ids: string[];
  try {
    ids = await readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new DockerSourceError(`cannot list ${folder}: ${ACCESS_ADVICE}`);
    if (code === 'ENOENT') throw new DockerSourceError(`${folder} does not exist: Docker is not installed here, or keeps its data elsewhere (set MURMUR_MONITOR_DOCKER_ROOT to its data-root)`);
    throw new DockerSourceError(`cannot list ${folder}: ${(error as Error).message}`);
  }
  const wanted = reference.replace(/^\//, '');
  const matches: DockerContainer[] = [];
  let unreadable = 0;
  for (const id of ids.sort()) {
    const config = await readJson<ContainerConfig>(join(folder, id, 'config.v2.json'));
    if (config === null) {
      unreadable += 1;
      continue;
    }
    const name = typeof config.Name === 'string' ? config.Name.replace(/^\//, '') : '';
    const fullId = typeof config.ID === 'string' ? config.ID : id;
    const container: DockerContainer = { id: fullId, name, logPath: join(folder, fullId, `${fullId}-json.log`) };
    // A name or a whole id wins over id prefixes, as in the Docker CLI.
    if (name === wanted || fullId === wanted) return checkDriver(container, folder);
    if (/^[0-9a-f]+$/.test(wanted) && fullId.startsWith(wanted)) matches.push(container);
  }
  if (matches.length === 1) return checkDriver(matches[0] as DockerContainer, folder);
  if (matches.length > 1) throw new DockerSourceError(`"${reference}" is the start of ${matches.length} container ids: give more of the id, or the name`);
  const why = unreadable > 0 && unreadable === ids.length ? ` (${ACCESS_ADVICE})` : '';
  throw new DockerSourceError(`no Docker container named "${reference}" in ${folder}${why}`);
}

async function checkDriver(container: DockerContainer, folder: string): Promise<DockerContainer> {
  const host = await readJson<HostConfig>(join(folder, container.id, 'hostconfig.json'));
  const driver = host?.LogConfig?.Type;
  // An empty type is the daemon's default, json-file unless daemon.json says otherwise.
  if (driver === undefined || driver === '' || driver === 'json-file') return container;
  const label = `container ${container.name || container.id} logs with Docker's ${String(driver)} log driver, which keeps no json-file log to read`;
  if (driver === 'journald') {
    throw new DockerSourceError(
      `${label}; its lines are in the journal under the container's tag (by default its short id): use --source NAME=journal:${container.id.slice(0, 12)}, ` +
        'or start the container with --log-driver json-file',
    );
  }
  throw new DockerSourceError(
    `${label}; start it with \`--log-driver json-file\` (compose: \`logging: { driver: json-file }\`), ` +
      'or set "log-driver": "json-file" in /etc/docker/daemon.json and create the container again',
  );
}
