#!/usr/bin/env python3
"""The folders of include/events are the layers; this check fails when a header reaches up.

- A header under `<folder>/detail/` includes only the standard library, third-party headers,
  `detail/` headers of its own folder or of a folder it sits in (the core's `detail/` is the
  basement), and public headers of other folders. So the core's `detail/` includes nothing but
  `detail/`, and `kafka/detail/` nothing of `kafka/`'s public face.
- The core include, events/events.hpp, does not bring the catalog (the seed events, topics,
  recurrence, services): that is events/catalog.hpp.
- A header is small: at most 400 lines (one concept a header; a longer one holds two).

Usage: layers_check.py <include-dir>   (prints every offence; exit status 1 when there is one)
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*<events/([^>]+)>', re.M)
CATALOG = re.compile(r'^(catalog/|catalog\.hpp$|[a-z]+_events\.hpp$)')


def includes(root: pathlib.Path, rel: str):
    return INCLUDE.findall((root / 'events' / rel).read_text(encoding='utf-8'))


def detail_offences(root: pathlib.Path):
    for path in sorted((root / 'events').rglob('*.hpp')):
        rel = path.relative_to(root / 'events').as_posix()
        if '/detail/' not in '/' + rel:
            continue
        folder = ('/' + rel).rsplit('/detail/', 1)[0].lstrip('/')  # '' for the core's detail/
        folder = folder + '/' if folder else ''
        for inc in includes(root, rel):
            if '/detail/' in '/' + inc:
                owner = ('/' + inc).rsplit('/detail/', 1)[0].lstrip('/')
                owner = owner + '/' if owner else ''
                if folder.startswith(owner):
                    continue
            elif folder and not inc.startswith(folder):
                continue
            yield f'{rel} includes <events/{inc}>, which stands above it'


def catalog_offences(root: pathlib.Path):
    seen, todo = set(), ['events.hpp']
    while todo:
        rel = todo.pop()
        if rel in seen or not (root / 'events' / rel).exists():
            continue
        seen.add(rel)
        if CATALOG.match(rel):
            yield f'events/events.hpp brings the catalog header events/{rel}'
            continue
        todo.extend(includes(root, rel))


MAX_LINES = 400


def size_offences(root: pathlib.Path):
    for path in sorted((root / 'events').rglob('*.hpp')):
        n = len(path.read_text(encoding='utf-8').splitlines())
        if n > MAX_LINES:
            yield f'{path.relative_to(root).as_posix()} has {n} lines (at most {MAX_LINES}: split it by concept)'


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else 'include')
    offences = list(detail_offences(root)) + list(catalog_offences(root)) + list(size_offences(root))
    for o in offences:
        print(o)
    if not offences:
        print('layers: every detail/ header includes only what stands below it; events.hpp brings no catalog; no header over 400 lines')
    return 1 if offences else 0


if __name__ == '__main__':
    sys.exit(main())
