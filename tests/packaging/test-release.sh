#!/bin/bash
# Packaging test: packaging/release end to end with a throwaway key, then
# packaging/verify as a user would run it. A tampered artifact, a tampered
# SHA256SUMS and the wrong key are each refused, and the right key is the
# control. Two builds of the source tarball from one commit are
# byte-identical. The RPM passes rpm -K with the key imported and lists the
# files it should. The .deb installs into a clean Debian 12 root and runs.
#
#   test-release.sh SOURCE_DIR
#
# SOURCE_DIR is a git checkout; its committed state is what is released.
# Prints TAP.
set -uo pipefail

src=$(cd "$1" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/glint-release-test-XXXXXX")
trap 'gpgconf --homedir "$work/gnupg" --kill all 2>/dev/null; gpgconf --homedir "$work/other" --kill all 2>/dev/null; rm -rf "$work"' EXIT
n=0
failed=0

ok () {
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $n $2"
  else
    echo "not ok $n $2"
    failed=1
  fi
}

new_key () {
  mkdir -m 700 "$1"
  GNUPGHOME="$1" gpg --batch --quiet --passphrase '' --quick-gen-key "$2" ed25519 sign never 2>/dev/null
  GNUPGHOME="$1" gpg --batch --list-secret-keys --with-colons | awk -F: '/^fpr:/ {print $10; exit}'
}

key=$(new_key "$work/gnupg" "Glint test release <release@glint.test>")
new_key "$work/other" "Someone else <other@glint.test>" > /dev/null
GNUPGHOME="$work/other" gpg --batch --armor --export > "$work/other-key.asc"

# The committed state only: a clone.
git clone --quiet "$src" "$work/src"

GNUPGHOME="$work/gnupg" GLINT_RELEASE_KEY="$key" "$work/src/packaging/release" "$work/out" > "$work/release.log" 2>&1
status=$?
[ $status -eq 0 ] || sed 's/^/# /' "$work/release.log" | tail -40
ok $status "packaging/release builds, signs and verifies the tarball, the Debian packages, the RPMs and an apt repository"
out="$work/out"
version=$(ls "$out"/glint-*.tar.xz | sed 's/.*glint-\(.*\)\.tar\.xz/\1/')

# Reproducible: the source again, from the same commit.
"$work/src/packaging/release" --source-only "$work/again" > /dev/null 2>&1
cmp -s "$out/glint-$version.tar.xz" "$work/again/glint-$version.tar.xz"
ok $? "two builds of the source tarball from the same commit are byte-identical"

# The control: the release as published, the right key.
"$work/src/packaging/verify" "$out" "$out/glint-release-key.asc" > "$work/verify.log" 2>&1
ok $? "packaging/verify accepts the release with its key"

# The wrong key.
if "$work/src/packaging/verify" "$out" "$work/other-key.asc" > "$work/wrong.log" 2>&1; then status=1;
else grep -q "SHA256SUMS is not signed by this key" "$work/wrong.log"; status=$?; fi
ok $status "packaging/verify refuses the release with another key"

# A tampered artifact: one byte of the .deb.
cp -r "$out" "$work/tampered"
deb=$(ls "$work/tampered"/glint_*_*.deb | grep -v dbgsym | head -1)
printf '\x00' | dd of="$deb" bs=1 seek=2000 conv=notrunc status=none
if "$work/src/packaging/verify" "$work/tampered" "$out/glint-release-key.asc" > "$work/tampered.log" 2>&1; then status=1;
else grep -q "does not match its checksum" "$work/tampered.log"; status=$?; fi
ok $status "packaging/verify refuses a tampered .deb"

# A tampered SHA256SUMS: the tampered .deb's checksum written in.
cp "$out/SHA256SUMS" "$work/tampered/SHA256SUMS"
sum=$(sha256sum "$deb" | cut -d' ' -f1)
sed -i "s/^[0-9a-f]*  $(basename "$deb")\$/$sum  $(basename "$deb")/" "$work/tampered/SHA256SUMS"
if "$work/src/packaging/verify" "$work/tampered" "$out/glint-release-key.asc" > "$work/sums.log" 2>&1; then status=1;
else grep -q "SHA256SUMS is not signed by this key" "$work/sums.log"; status=$?; fi
ok $status "packaging/verify refuses a SHA256SUMS changed to match a tampered file"

# The RPM, as rpm checks it: with the key imported, and without.
rpm=$(ls "$out"/glint-"$version"-*.rpm | grep -v "\.src\.rpm$" | head -1)
mkdir "$work/rpmdb"
rpm --dbpath "$work/rpmdb" -K "$rpm" > "$work/rpm-nokey.log" 2>&1
without=$?
rpmkeys --dbpath "$work/rpmdb" --import "$out/glint-release-key.asc"
rpm --dbpath "$work/rpmdb" -K "$rpm" > "$work/rpm-key.log" 2>&1
with=$?
[ $without -ne 0 ] && [ $with -eq 0 ] && grep -q "signatures OK" "$work/rpm-key.log"
ok $? "rpm -K passes with the release key imported, and not without it"

files=$(rpm -qpl "$rpm" 2>/dev/null)
status=0
for want in /usr/bin/glint /usr/share/applications/io.github.glintim.Glint.desktop \
            /usr/share/metainfo/io.github.glintim.Glint.metainfo.xml \
            /usr/share/dbus-1/services/io.github.glintim.Glint.service \
            /usr/share/glib-2.0/schemas/io.github.glintim.Glint.gschema.xml \
            /usr/share/icons/hicolor/scalable/apps/io.github.glintim.Glint.svg /usr/share/man/man1/glint.1; do
  grep -qx "$want" <<< "$files" || { echo "# missing from the RPM: $want"; status=1; }
done
ok $status "rpm -qpl lists the program, its desktop file, metainfo, D-Bus service, schema, icon and man page"

# The .deb installs into a clean Debian 12 root, and runs there.
deb=$(ls "$out"/glint_"$version"-*_*.deb | grep -v dbgsym | head -1)
said=$("$(dirname "$0")/install-in-root.sh" "$deb" 2> "$work/install.log")
status=$?
[ $status -eq 0 ] || sed 's/^/# /' "$work/install.log" | tail -20
[ $status -eq 0 ] && [ "$said" = "Glint $version" ]
ok $? "the .deb installs with apt into a clean Debian 12 root (debootstrap minbase), where glint --version says \"Glint $version\""

echo "1..$n"
exit $failed
