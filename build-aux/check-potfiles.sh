#!/usr/bin/env bash
# Every file with strings marked for translation is listed in po/POTFILES.in.
top="${1:-.}"
cd "$top" || exit 1
missing=0
for f in $(grep -lE '_\("|N_\("|translatable="yes"' src/*/*.c src/*.c ui/*.ui 2> /dev/null); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"
    missing=1
  fi
done
exit $missing
