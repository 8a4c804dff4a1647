#!/usr/bin/python3
"""Packaging test: Glint's schema of the Flatpak manifest
(packaging/flatpak/flatpak-manifest.schema.json) says what flatpak-builder
takes, no more and no less. Two witnesses, both Debian 12's
flatpak-builder's:

- its manual, flatpak-manifest(5): every property it lists for the
  manifest, build options, an extension, a module and each kind of source
  is in the schema at that place, and the schema has none it does not list;
- its parser (flatpak-builder --show-manifest): a manifest holding every
  property the schema allows, at every level and for every kind of source,
  is read without an "Unknown property" warning.

A misspelt key at each level is the control: the schema refuses it and
the parser warns of it.

Usage: check-flatpak-schema.py SCHEMA [MANUAL]
Prints TAP.
"""

import copy
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

MANUAL = "/usr/share/man/man5/flatpak-manifest.5.gz"
SECTIONS = {"Toplevel properties": "manifest", "Build Options": "build-options",
            "Extension": "extension", "Module": "module"}


def read_manual(path):
    """The properties flatpak-manifest(5) lists: {place: set}, where a
    place is manifest, build-options, extension, module or a source's
    kind ("archive", "git"…), every kind with those all sources take."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        text = f.read()
    text = text.replace("\\-", "-").replace("\\&", "").replace("\\*(Aq", "'")
    found = {}
    place = None
    in_sources = False
    heading_next = False
    all_sources = set()
    lines = text.split("\n")
    for i, line in enumerate(lines):
        section = re.match(r'\.S[SH] "(.*)"', line)
        if section:
            place = SECTIONS.get(section.group(1))
            in_sources = section.group(1) == "Sources"
            continue
        if line == ".ps +1":
            heading_next = True
            continue
        if heading_next:
            heading_next = False
            place = "all-sources" if in_sources and "All sources" in line else None
            continue
        # A kind of source names itself: \fBtype\fR, then "archive" on a
        # line of its own.
        if in_sources and line == "\\fBtype\\fR":
            place = next((l.strip('"') for l in lines[i + 1:i + 4] if l.startswith('"')), None)
            continue
        if place is None or i == 0 or lines[i - 1] != ".PP":
            continue
        item = re.match(r"^\\fB([a-z0-9-]+)\\fR(?: or \\fB([a-z0-9-]+)\\fR)?(?: \(.*\))?$", line)
        if item:
            names = {n for n in item.groups() if n}
            (all_sources if place == "all-sources" else found.setdefault(place, set())).update(names)
        # The extension metadata flatpak-builder copies as it is, listed in a sentence.
        extra = re.match(r"Additionally the standard flatpak extension properties are supported.*?: (.*?)\. ", line)
        if place == "extension" and extra:
            found["extension"].update(n.strip() for n in extra.group(1).split(","))
    for kind in [k for k in found if k not in SECTIONS.values()]:
        found[kind] |= all_sources | {"type"}
    return found


def schema_places(schema):
    """The same places, as the schema has them."""
    defs = schema["definitions"]
    places = {"manifest": set(schema["properties"]), "build-options": set(defs["build-options"]["properties"]),
              "extension": set(defs["extension"]["properties"]), "module": set(defs["module"]["properties"])}
    for rule in defs["source"]["allOf"]:
        kind = rule["if"]["properties"]["type"]["const"]
        places[kind] = set(rule["then"]["propertyNames"]["enum"])
    return places


def sample(spec, defs, name=""):
    """A value of the type @spec asks for, the least that passes."""
    if "$ref" in spec:
        target = spec["$ref"].rsplit("/", 1)[1]
        return [] if target == "strings" else {}
    if "enum" in spec:
        return spec["enum"][0]
    kind = spec.get("type")
    if kind == "string":
        if name == "sha256":
            return "0" * 64
        if name == "sha512":
            return "0" * 128
        if name in ("url",):
            return "https://example.org/source.tar.xz"
        return "x"
    return {"boolean": False, "integer": 1, "number": 1, "array": [], "object": {}}[kind]


def full_manifest(schema):
    """A manifest with every property the schema allows, at every level."""
    defs = schema["definitions"]
    manifest = {name: sample(spec, defs, name) for name, spec in schema["properties"].items()}
    manifest["id"] = manifest["app-id"] = "org.example.Everything"
    manifest.pop("app-id")   # one or the other: both is no manifest
    options = {name: sample(spec, defs, name) for name, spec in defs["build-options"]["properties"].items()}
    manifest["build-options"] = options
    extension = {name: sample(spec, defs, name) for name, spec in defs["extension"]["properties"].items()}
    manifest["add-extensions"] = {"org.example.Everything.Ext": extension}
    manifest["add-build-extensions"] = {"org.example.Everything.BuildExt": copy.deepcopy(extension)}
    module = {name: sample(spec, defs, name) for name, spec in defs["module"]["properties"].items()}
    module["name"] = "everything"
    module["build-options"] = copy.deepcopy(options)
    sources = []
    for rule in defs["source"]["allOf"]:
        kind = rule["if"]["properties"]["type"]["const"]
        source = {name: sample(defs["source"]["properties"][name], defs, name)
                  for name in rule["then"]["propertyNames"]["enum"]}
        source["type"] = kind
        sources.append(source)
    module["sources"] = sources
    manifest["modules"] = [module]
    return manifest


def unknown_to_parser(manifest):
    """What flatpak-builder's parser does not know in @manifest, as
    (property, type) pairs, and whether it read the manifest at all."""
    with tempfile.TemporaryDirectory(prefix="glint-flatpak-") as tmp:
        path = os.path.join(tmp, "org.example.Everything.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(manifest, f)
        proc = subprocess.run(["flatpak-builder", "--show-manifest", path], cwd=tmp, capture_output=True,
                              text=True, timeout=60)
    return re.findall(r"Unknown property (\S+) for type (\S+)", proc.stderr), proc.returncode == 0, proc.stderr


def main():
    schema_path = sys.argv[1]
    manual = sys.argv[2] if len(sys.argv) > 2 else MANUAL
    n = 0
    failed = False

    def ok(good, what, detail=None):
        nonlocal n, failed
        n += 1
        print(f"{'ok' if good else 'not ok'} {n} {what}")
        if not good:
            failed = True
            if detail is not None:
                print(f"# {detail}")

    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    if not os.path.exists(manual):
        ok(False, "flatpak-manifest(5) is installed (flatpak-builder)", manual)
        print(f"1..{n}")
        return 1
    documented = read_manual(manual)
    ours = schema_places(schema)
    ok(len(documented) >= 15 and all(len(v) >= 3 for v in documented.values()),
       "the manual lists the manifest, build options, an extension, a module and eleven kinds of source",
       {k: len(v) for k, v in documented.items()})
    for place in sorted(documented):
        ok(ours.get(place) == documented[place], f"{place}: the schema has exactly the properties the manual lists",
           {"missing": sorted(documented[place] - ours.get(place, set())),
            "not in the manual": sorted(ours.get(place, set()) - documented[place])})
    ok(set(ours) == set(documented), "the schema has no place the manual does not", sorted(set(ours) - set(documented)))

    everything = full_manifest(schema)
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(everything)]
    ok(not errors, "a manifest with every property the schema allows passes the schema", errors)
    unknown, parsed, stderr = unknown_to_parser(everything)
    ok(parsed and not unknown, "flatpak-builder's parser knows every property the schema allows",
       unknown or stderr.strip()[-500:])

    # The control: a misspelt key at each level, and a key of one kind of
    # source in another. The parser copies an extension's other keys into
    # the metadata as they are, so only the schema can refuse one there.
    misspellings = {
        "comand": lambda m: m,
        "cflag": lambda m: m["build-options"],
        "buildsytem": lambda m: m["modules"][0],
        "sha265": lambda m: m["modules"][0]["sources"][0],
        "branch": lambda m: m["modules"][0]["sources"][0],
        "bundel": lambda m: m["add-extensions"]["org.example.Everything.Ext"],
    }
    refused = []
    misspelt = copy.deepcopy(everything)
    for key, where in misspellings.items():
        alone = copy.deepcopy(everything)
        where(alone)[key] = "x"
        where(misspelt)[key] = "x"
        if not jsonschema.Draft7Validator(schema).is_valid(alone):
            refused.append(key)
    ok(refused == list(misspellings), "the schema refuses each misspelt or misplaced key", refused)
    unknown, parsed, stderr = unknown_to_parser(misspelt)
    warned = {name for name, _ in unknown}
    ok(warned == set(misspellings) - {"bundel"}, "flatpak-builder's parser warns of the same keys",
       unknown or stderr.strip()[-500:])

    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
