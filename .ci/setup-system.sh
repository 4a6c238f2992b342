#!/usr/bin/env bash
# Installs the system parts the tests use: Debian 12's mumble-server (Murmur 1.3), a Debian 13 root with
# mumble-server 1.5 (run through chroot), Debian's Chromium for the browser tests, and Xvfb.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq mumble-server chromium xvfb debootstrap >/dev/null
# The package starts no service here (no systemd), and the tests start their own Murmurs on loopback.
TRIXIE_ROOT=${MURMUR15_ROOT:-/var/cache/murmur-monitor/trixie}
if [ ! -x "$TRIXIE_ROOT/usr/bin/mumble-server" ]; then
  rm -rf "$TRIXIE_ROOT"
  mkdir -p "$TRIXIE_ROOT"
  debootstrap --variant=minbase --include=mumble-server trixie "$TRIXIE_ROOT" http://deb.debian.org/debian >/dev/null
fi
