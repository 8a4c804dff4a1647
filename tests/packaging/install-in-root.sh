#!/bin/bash
# Installs a Glint .deb into a clean Debian 12 root (debootstrap minbase)
# with apt, and runs `glint --version` there; prints what it said.
#
#   install-in-root.sh GLINT.deb
#
# The minbase root and the packages apt downloads are kept between runs in
# $XDG_CACHE_HOME/glint-tests (or ~/.cache/glint-tests); each run starts
# from the clean root. Needs root (chroot), as CI has.
set -euo pipefail

deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cache=${XDG_CACHE_HOME:-$HOME/.cache}/glint-tests
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
[ "$(id -u)" -eq 0 ] || { echo "install-in-root: needs root for chroot" >&2; exit 1; }
mkdir -p "$cache/archives/partial"

# Whatever happens, the temporary roots go (unmounted first).
stage= root=
cleanup () {
  [ -z "$root" ] || for m in proc dev/pts; do umount "$root/$m" 2>/dev/null || true; done
  rm -rf ${stage:+"$stage"} ${root:+"$root"}
}
trap cleanup EXIT

if [ ! -s "$cache/bookworm-minbase.tar" ]; then
  stage=$(mktemp -d "${TMPDIR:-/tmp}/glint-minbase-XXXXXX")
  debootstrap --variant=minbase bookworm "$stage" "$mirror" > "$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  tar -C "$stage" -cf "$cache/bookworm-minbase.tar.part" .
  mv "$cache/bookworm-minbase.tar.part" "$cache/bookworm-minbase.tar"
  rm -rf "$stage"
  stage=
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/glint-root-XXXXXX")
tar -C "$root" -xf "$cache/bookworm-minbase.tar"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
# What earlier runs downloaded, so that only what is new is fetched.
cp "$cache"/archives/*.deb "$root/var/cache/apt/archives/" 2>/dev/null || true
cp "$deb" "$root/tmp/"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq > /dev/null
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "/tmp/$(basename "$deb")" > "$root/tmp/install.log" 2>&1 \
  || { tail -20 "$root/tmp/install.log" >&2; exit 1; }
cp "$root"/var/cache/apt/archives/*.deb "$cache/archives/" 2>/dev/null || true
chroot "$root" glint --version
