# Debian 12 packages Glint needs; sourced by build-aux/run and build-aux/test.
# shellcheck shell=bash

GLINT_BUILD_DEPS=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libstrophe-dev libexpat1-dev libsqlite3-dev
  libnotify-dev libsecret-1-dev libadwaita-1-dev
  desktop-file-utils appstream gtk-update-icon-cache
)

GLINT_RUN_DEPS=(
  gnome-keyring dbus-x11 adwaita-icon-theme fonts-dejavu-core
)

# Only for the newcomer's demo (a private server and a scripted peer).
GLINT_DEMO_DEPS=(
  prosody python3 python3-slixmpp openssl
)

GLINT_TEST_DEPS=(
  libjson-glib-dev
  prosody ejabberd python3 python3-slixmpp python3-gi gir1.2-atspi-2.0 at-spi2-core
  python3-dbusmock dbus dbus-x11 gnome-keyring xvfb xauth xdotool imagemagick
  openssl ca-certificates
)

# For the packaging test (packaging/release and packaging/verify).
GLINT_PACKAGING_DEPS=(
  build-essential dpkg-dev debhelper lintian devscripts apt-utils rpm gnupg xz-utils git groff-base
  debootstrap python3-jsonschema flatpak-builder
)

# For the fuzz targets (tests/fuzz): clang with libFuzzer and the sanitizers.
GLINT_FUZZ_DEPS=(
  clang libclang-rt-14-dev
)

glint_as_root () {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo > /dev/null; then
    sudo "$@"
  else
    echo "Glint needs to install packages: run this as root or install sudo." >&2
    return 1
  fi
}

# Installs what is missing, and nothing when all is there.
glint_install () {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  glint_as_root apt-get update -qq || return 1
  glint_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" > /dev/null || return 1
}

glint_configure () {
  local builddir="$1"
  shift
  if [ -f "$builddir/build.ninja" ]; then
    meson setup --reconfigure "$builddir" "$@" > /dev/null
  else
    meson setup "$builddir" "$@" > /dev/null
  fi
}
