// Where other machines reach a `serve` bound to every address: http://0.0.0.0:PORT/ is no address to type
// anywhere, so it lists this machine's own (non-loopback) ones.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** Link-local IPv6 needs a zone (`%eth0`) that differs on the client: useless in a URL given to someone else. */
function reachable(address: NetworkInterfaceInfo, ipv6: boolean): boolean {
  if (address.internal) return false;
  if (address.family === 'IPv4') return true;
  return ipv6 && !/^fe[89ab]/i.test(address.address);
}

/**
 * The hosts to give other machines for a server bound to `boundHost`: the bound address itself, or for a
 * wildcard this machine's non-loopback addresses (IPv6 ones only when bound to `::`, which takes both).
 */
export function reachableHosts(boundHost: string, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  if (!isWildcard(boundHost)) return [boundHost];
  const hosts = Object.values(interfaces).flatMap((list) => (list ?? []).filter((address) => reachable(address, boundHost === '::')));
  return [...new Set(hosts.map((address) => address.address))];
}

export function urlFor(scheme: 'http' | 'https', host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}
