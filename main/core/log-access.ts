// One piece of advice for the commonest reason a Murmur log cannot be read, shared by the reader, the
// tailer and Murmur discovery so the admin reads the same fix wherever the error shows up.

/** What to do about a permission error on a Murmur log; Debian's /var/log/mumble-server is mumble-server:adm 0750. */
export function readAccessAdvice(platform: NodeJS.Platform = process.platform): string {
  return platform === 'linux'
    ? "Murmur's logs are usually readable by the adm group only (Debian: /var/log/mumble-server is mumble-server:adm 0750); " +
        'add yourself with `sudo usermod -aG adm $USER` and log in again'
    : 'give this account read access to the file';
}
