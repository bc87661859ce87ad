#!/usr/bin/env python3
"""The pinned Python oracles of the tests (tests/requirements.txt), checked or rebuilt offline.

usage:
  python_requirements.py check  [REQUIREMENTS]        exit 0 when this Python has every pin at its
                                                      version, else 1 naming what differs
  python_requirements.py wheels [REQUIREMENTS] DIR    a wheel per pin, built from the distribution
                                                      installed in this Python (no package index):
                                                      its installed files (dist-info RECORD) zipped
                                                      back with a fresh RECORD
  python_requirements.py venv   [REQUIREMENTS] VENV   a new virtual environment (no system site
                                                      packages) holding exactly the pins, installed
                                                      with pip --no-index from those wheels

`venv` is how to get the pinned environment on a machine where PyPI is out of reach but some Python
has the pinned versions installed: run it with that Python, then configure with
-DPython3_EXECUTABLE=VENV/bin/python.
"""
import base64
import hashlib
import importlib.metadata as metadata
import os
import re
import subprocess
import sys
import tempfile
import venv
import zipfile

DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "requirements.txt")


def pins(path):
    """[(name, version)] of the `name==version` lines."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.fullmatch(r"([A-Za-z0-9._-]+)==([A-Za-z0-9.+!-]+)", line)
            if not m:
                sys.exit("python_requirements: not a pin: %r (name==version expected)" % line)
            out.append((m.group(1), m.group(2)))
    return out


def differences(requirements):
    """What this Python lacks: 'name (missing)' or 'name X (pinned Y)'."""
    out = []
    for name, version in pins(requirements):
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            out.append("%s (missing)" % name)
            continue
        if have != version:
            out.append("%s %s (pinned %s)" % (name, have, version))
    return out


def record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "sha256=" + digest


def build_wheel(name, version, out_dir):
    """The wheel of the installed distribution `name`, which must be at `version`."""
    dist = metadata.distribution(name)
    if dist.version != version:
        sys.exit("python_requirements: %s is %s here, pinned %s" % (name, dist.version, version))
    wheel_meta = dist.read_text("WHEEL")
    tags = [l.split(":", 1)[1].strip() for l in (wheel_meta or "").splitlines() if l.startswith("Tag:")]
    if not tags or dist.files is None:
        sys.exit("python_requirements: %s was not installed from a wheel (no WHEEL tags or RECORD)" % name)
    # One file name tag: python.abi.platform, each part the set of the tags' parts.
    parts = [sorted({t.split("-")[i] for t in tags}) for i in range(3)]
    tag = "-".join(".".join(p) for p in parts)
    normalized = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    path = os.path.join(out_dir, "%s-%s-%s.whl" % (normalized, dist.version, tag))
    dist_info = None
    records = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in dist.files:
            rel = str(f).replace(os.sep, "/")
            # Installed scripts (../../bin/...) and byte code are the installer's, not the wheel's.
            if rel.startswith("../") or rel.endswith(".pyc") or "/__pycache__/" in rel:
                continue
            top = rel.split("/", 1)[0]
            if top.endswith(".dist-info"):
                dist_info = top
                if rel.rsplit("/", 1)[-1] in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json"):
                    continue
            full = f.locate()
            if not os.path.isfile(full):
                continue
            with open(full, "rb") as fh:
                data = fh.read()
            z.writestr(rel, data)
            records.append("%s,%s,%d" % (rel, record_hash(data), len(data)))
        if dist_info is None:
            sys.exit("python_requirements: no dist-info among the files of %s" % name)
        records.append("%s/RECORD,," % dist_info)
        z.writestr(dist_info + "/RECORD", "\n".join(records) + "\n")
    return path


def main():
    args = sys.argv[1:]
    if not args or args[0] not in ("check", "wheels", "venv"):
        sys.exit(__doc__)
    command, rest = args[0], args[1:]
    requirements = rest.pop(0) if (command == "check" and rest) or len(rest) == 2 else DEFAULT
    if command == "check":
        missing = differences(requirements)
        if missing:
            print("python_requirements: %s lacks %s" % (sys.executable, ", ".join(missing)), file=sys.stderr)
            sys.exit(1)
        return
    if len(rest) != 1:
        sys.exit(__doc__)
    target = os.path.abspath(rest[0])
    if command == "wheels":
        os.makedirs(target, exist_ok=True)
        for name, version in pins(requirements):
            print(build_wheel(name, version, target))
        return
    with tempfile.TemporaryDirectory() as wheels:
        for name, version in pins(requirements):
            build_wheel(name, version, wheels)
        venv.EnvBuilder(system_site_packages=False, clear=True, with_pip=True).create(target)
        python = os.path.join(target, "bin", "python")
        subprocess.run([python, "-m", "pip", "install", "-q", "--no-index", "--find-links", wheels,
                        "-r", requirements], check=True)
    # The new environment holds the pins and nothing else but pip and setuptools.
    listed = subprocess.run([python, "-m", "pip", "list", "--format=freeze"], check=True,
                            capture_output=True, text=True).stdout.split()
    norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
    extra = [l for l in listed if norm(l.split("==")[0]) not in
             {norm(n) for n, _ in pins(requirements)} | {"pip", "setuptools"}]
    if extra:
        sys.exit("python_requirements: %s also holds %s" % (target, ", ".join(extra)))
    subprocess.run([python, os.path.abspath(__file__), "check", requirements], check=True)
    print(python)


if __name__ == "__main__":
    main()
