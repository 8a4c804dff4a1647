#!/usr/bin/python3
"""Packaging test: the Flatpak manifest, offline (no runtime can be
installed here). It must pass packaging/flatpak/flatpak-manifest.schema.json
(written from flatpak-manifest(5)) and Glint's rules, which follow
Flathub's: named after the app id; wayland with fallback-x11, never x11
beside it; no access to the home folder or the host; talk only to the
notification server and the Secret Service; every downloaded source pinned
by sha256. Each rule is shown to refuse a manifest that breaks it; the real
manifest is the control.

Usage: check-flatpak.py MANIFEST SCHEMA
Prints TAP.
"""

import copy
import json
import os
import sys

import jsonschema

ALLOWED_TALK = {"org.freedesktop.Notifications", "org.freedesktop.secrets"}


def problems(manifest, schema, file_name):
    found = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(manifest)]
    app_id = manifest.get("id", manifest.get("app-id"))
    if file_name != f"{app_id}.json":
        found.append(f"the manifest is not named after the app id ({file_name})")
    args = manifest.get("finish-args", [])
    if "--socket=wayland" not in args or "--socket=fallback-x11" not in args:
        found.append("it needs wayland and fallback-x11")
    if "--socket=x11" in args:
        found.append("x11 beside wayland")
    for arg in args:
        if arg.startswith("--filesystem=") and arg.split("=", 1)[1].split(":")[0] in ("home", "host", "host-os", "~"):
            found.append(f"access to the files: {arg}")
        if arg.startswith("--talk-name=") and arg.split("=", 1)[1] not in ALLOWED_TALK:
            found.append(f"talks to {arg.split('=', 1)[1]}")
        if arg.startswith(("--own-name=", "--system-talk-name=")) or arg == "--socket=session-bus":
            found.append(f"more of the bus than it needs: {arg}")
    if "--share=network" not in args:
        found.append("no network")

    def walk(modules):
        for module in modules:
            if isinstance(module, dict):
                for source in module.get("sources", []):
                    if isinstance(source, dict) and "url" in source and "sha256" not in source:
                        found.append(f"{module['name']}: a download not pinned by sha256")
                walk(module.get("modules", []))

    walk(manifest.get("modules", []))
    return found


def main():
    manifest_path, schema_path = sys.argv[1], sys.argv[2]
    with open(manifest_path) as f:
        manifest = json.load(f)
    with open(schema_path) as f:
        schema = json.load(f)
    name = os.path.basename(manifest_path)
    n = 0
    failed = False

    def ok(good, what, detail=None):
        nonlocal n, failed
        n += 1
        print(f"{'ok' if good else 'not ok'} {n} {what}")
        if not good:
            failed = True
            if detail:
                print(f"# {detail}")

    real = problems(manifest, schema, name)
    ok(not real, "the Flatpak manifest passes the manifest schema and Glint's rules", real)
    strophe = next((m for m in manifest["modules"] if isinstance(m, dict) and m["name"] == "libstrophe"), {})
    archive = next((s for s in strophe.get("sources", []) if s.get("type") == "archive"), {})
    ok(archive.get("url", "").endswith("libstrophe-0.12.2.tar.xz") and len(archive.get("sha256", "")) == 64,
       "libstrophe is built from its 0.12.2 release tarball, pinned by sha256")

    def broken(change):
        bad = copy.deepcopy(manifest)
        change(bad)
        return problems(bad, schema, name)

    cases = [
        ("a misspelt key", lambda m: m.__setitem__("finish-arg", [])),
        ("x11 beside wayland", lambda m: m["finish-args"].append("--socket=x11")),
        ("the home folder", lambda m: m["finish-args"].append("--filesystem=home")),
        ("a wildcard bus name", lambda m: m["finish-args"].append("--talk-name=org.freedesktop.*")),
        ("a download without sha256", lambda m: m["modules"][0]["sources"][0].pop("sha256")),
        ("a module without sources", lambda m: m["modules"][1].pop("sources")),
    ]
    for what, change in cases:
        ok(bool(broken(change)), f"a manifest with {what} is refused")
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
