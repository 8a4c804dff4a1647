#!/usr/bin/python3
"""Counts test cases in meson's testlog.json files (one per build): each
TAP line of a TAP test, and each other test as one. Prints
"N passed, N failed"."""

import json
import re
import sys

passed = failed = skipped = 0


def entries(paths):
    for path in paths:
        with open(path) as log:
            for line in log:
                yield json.loads(line)


for entry in entries(sys.argv[1:]):
    result = entry.get("result")
    out = entry.get("stdout", "")
    if entry.get("protocol") == "tap" or re.search(r"^(not )?ok \d+", out, re.M):
        ok = len(re.findall(r"^ok \d+(?!.*# SKIP)", out, re.M))
        skip = len(re.findall(r"^ok \d+.*# SKIP", out, re.M))
        bad = len(re.findall(r"^not ok \d+", out, re.M))
        passed += ok
        skipped += skip
        failed += bad
        # A program that died before reporting anything still failed.
        if result not in ("OK", "EXPECTEDFAIL") and bad == 0:
            failed += 1
    elif result in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif result == "SKIP":
        skipped += 1
    else:
        failed += 1

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
