#!/usr/bin/env bash
# Installs the system parts the tests use: Debian 12's mumble-server (Murmur 1.3), a Debian 13 root with
# mumble-server 1.5 (run through chroot), Debian's Chromium for the browser tests, Xvfb, and openssl (the
# integration tests make client certificates with it: Murmur registers only users that present one), and
# Prometheus with promtool (a test scrapes `serve` with it and checks the example rules).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq mumble-server chromium xvfb debootstrap openssl prometheus >/dev/null
# systemd-analyze checks the service files of contrib/systemd; strace runs serve under their system call filter;
# journald, journalctl and systemd-cat serve the journal tests (which start journald where it does not run).
apt-get install -y -qq systemd strace >/dev/null
# The tests start their own Murmurs on free loopback ports; the packaged service (port 64738) is not needed,
# so stop it where the package's postinst started it (by its own pidfile; a no-op where it is not running).
invoke-rc.d mumble-server stop >/dev/null 2>&1 || true
# Likewise the packaged Prometheus (port 9090) and its node exporter: the test runs its own on a free port.
invoke-rc.d prometheus stop >/dev/null 2>&1 || true
invoke-rc.d prometheus-node-exporter stop >/dev/null 2>&1 || true
TRIXIE_ROOT=${MURMUR15_ROOT:-/var/cache/murmur-monitor/trixie}
if [ ! -x "$TRIXIE_ROOT/usr/bin/mumble-server" ]; then
  rm -rf "$TRIXIE_ROOT"
  mkdir -p "$TRIXIE_ROOT"
  debootstrap --variant=minbase --include=mumble-server trixie "$TRIXIE_ROOT" http://deb.debian.org/debian >/dev/null
fi
# Fail here, not in the tests, if either Murmur cannot start at all.
murmurd --version >/dev/null 2>&1 || { echo "murmurd (1.3) does not run" >&2; exit 1; }
chroot "$TRIXIE_ROOT" /usr/bin/mumble-server --version >/dev/null 2>&1 || { echo "mumble-server (1.5) does not run in $TRIXIE_ROOT" >&2; exit 1; }
