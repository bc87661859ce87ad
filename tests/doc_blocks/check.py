#!/usr/bin/env python3
"""Compiles every example block of the headers and the docs (extract.py writes them): the
snippets as one translation unit, each whole program on its own. A block listed in pending.txt is
left out (it does not compile yet: fix it, then take it off the list); a listed name that is no
block is told.

Usage: check.py <source-dir> <out-dir> <compiler> [flags...]
"""
import pathlib
import re
import subprocess
import sys

here = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(here))
import extract  # noqa: E402


def main() -> int:
    root, out, cxx, flags = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4:]
    pending = {l.split('#')[0].strip() for l in (here / 'pending.txt').read_text().splitlines()} - {''}
    sys.argv = [sys.argv[0], str(root), str(out)]
    import contextlib, io
    with contextlib.redirect_stdout(io.StringIO()):
        extract.main()
    snippets = (out / 'snippets.cpp').read_text(encoding='utf-8')
    programs = sorted(out.glob('program_*.cpp'))
    names = set(re.findall(r'^namespace (doc_\w+) \{', snippets, re.M)) | {p.stem.removeprefix('program_') for p in programs}
    failed = []
    for n in sorted(pending - names):  # told, not failed: a header may be on its way in or out
        print(f'note: pending.txt names {n}, which is no block (fixed or gone: take it off the list)')
    defines = [f'-DEVENTS_DOC_PENDING_{n}' for n in sorted(pending)]
    base = [cxx, '-std=c++20', '-fsyntax-only', f'-I{root / "include"}', f'-I{root / "tests"}', *flags]
    units = [(out / 'snippets.cpp', defines)] + [(p, []) for p in programs if p.stem.removeprefix('program_') not in pending]
    for unit, extra in units:
        r = subprocess.run(base + extra + [str(unit)], capture_output=True, text=True)
        if r.returncode != 0:
            failed.append(f'{unit.name} does not compile:\n{r.stderr[:6000]}')
    for f in failed:
        print(f)
    print(f'doc blocks: {len(names) - len(pending)} of {len(names)} compiled, {len(pending)} pending; '
          f'{len(failed)} failure(s)')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
