#!/usr/bin/python3
"""Counts test cases in meson's testlog.json: each TAP line of a TAP test,
and each other test as one. Prints "N passed, N failed"."""

import json
import re
import sys

passed = failed = skipped = 0
with open(sys.argv[1]) as log:
    for line in log:
        entry = json.loads(line)
        result = entry.get("result")
        if entry.get("protocol") == "tap" or re.search(r"^(not )?ok \d+", entry.get("stdout", ""), re.M):
            out = entry.get("stdout", "")
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
