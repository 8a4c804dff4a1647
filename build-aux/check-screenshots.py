#!/usr/bin/env python3
"""Every screenshot the metainfo names is in data/screenshots, a PNG of a
size a software centre can show; and no picture there is left unnamed.

Usage: check-screenshots.py METAINFO SCREENSHOT_DIR
"""
import os
import struct
import sys
import xml.etree.ElementTree as ET

PREFIX = "https://raw.githubusercontent.com/glintim/glint/main/data/screenshots/"


def main():
    metainfo, folder = sys.argv[1], sys.argv[2]
    images = [i.text.strip() for i in ET.parse(metainfo).getroot().iter("image")]
    problems = []
    if not images:
        problems.append("the metainfo names no screenshot")
    named = set()
    for url in images:
        if not url.startswith(PREFIX):
            problems.append(f"{url} is not in the repository's data/screenshots")
            continue
        name = url[len(PREFIX):]
        named.add(name)
        path = os.path.join(folder, name)
        try:
            with open(path, "rb") as f:
                head = f.read(24)
        except OSError:
            problems.append(f"{name} is missing")
            continue
        if head[:8] != b"\x89PNG\r\n\x1a\n":
            problems.append(f"{name} is not a PNG")
            continue
        width, height = struct.unpack(">II", head[16:24])
        if width < 250 or height < 250:
            problems.append(f"{name} is too small ({width}×{height})")
    for extra in sorted(set(os.listdir(folder)) - named):
        problems.append(f"{extra} is in data/screenshots but the metainfo does not name it")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
