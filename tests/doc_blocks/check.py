#!/usr/bin/env python3
"""Compiles every example block of the headers and the docs (extract.py says how), and runs the
whole programs of the core, comparing their output with the output the block shows. Fails naming
the block, its file and line, and the compiler's message.

Usage: check.py <source-dir> <out-dir> <compiler> [common flags...] {--area <name> [flags...]}...
           [--implicit <dir>]...
The flags of an area are its target's (core: events::events, kafka: events::kafka, ...) as CMake
has them; an area not given (its target is not configured) is told and left out. The --implicit
directories are the compiler's own, left out of -I as CMake leaves them out.
"""
import concurrent.futures
import os
import pathlib
import re
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import extract  # noqa: E402


def parse(args):
    common, areas, current, implicit = [], {}, None, set()
    it = iter(args)
    for a in it:
        if a == '--implicit':
            implicit.add('-I' + next(it))
        elif a == '--area':
            current = areas.setdefault(next(it), [])
        elif a:  # an empty generator expression is an empty argument
            (common if current is None else current).append(a)
    # An -I/usr/include ahead of the standard library's own directories breaks its #include_next.
    return common, {a: [f for f in dict.fromkeys(flags) if f not in implicit] for a, flags in areas.items()}


def main() -> int:
    root, out, cxx = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
    common, areas = parse(sys.argv[4:])
    began = time.monotonic()
    found, units, problems = extract.write(root, out)
    for stale in set(out.glob('*.cpp')) - {u.file for u in units}:  # a block gone or renamed
        stale.unlink()
    todo = [u for u in units if u.area in areas]
    missing = {b.area for b in found} - set(areas)
    for area in sorted(missing):
        print(f'note: {sum(b.area == area for b in found)} block(s) of {area} not compiled: its target is not configured')

    def flags_of(u):
        if not u.areas:
            return areas[u.area]
        mine = [a for a in u.areas if a in areas]
        return [f for a in mine for f in areas[a]] + [f'-DEVENTS_DOC_AREA_{a}' for a in mine]

    def build(u):
        """The compiler's complaint, or what the program printed that it should not have."""
        began = time.monotonic()
        why = build_and_run(u)
        print(f'{u.file.name}: {len(u.names)} block(s), {time.monotonic() - began:.1f} s')
        return why

    def build_and_run(u):
        flags = [cxx, '-std=c++20', *common, *dict.fromkeys(flags_of(u)), str(u.file)]
        run = u.program and u.area == 'core'  # the integrations' programs need a broker or a sidecar
        exe = u.file.with_suffix('')
        r = subprocess.run(flags + (['-o', str(exe)] if run else ['-fsyntax-only']), capture_output=True, text=True)
        if r.returncode != 0:
            return f'does not compile:\n{r.stderr[:8000]}'
        if not run:
            return None
        try:
            p = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return 'did not finish in 60 s'
        if p.returncode != 0:
            return f'exited with {p.returncode}:\n{p.stdout}{p.stderr}'
        if u.expected is not None and [l.strip() for l in p.stdout.splitlines()] != u.expected:
            return 'printed:\n' + p.stdout + 'but the block shows:\n' + '\n'.join(u.expected)
        return None

    def culprits(u, stderr):
        """The blocks the compiler's errors point into (a shared unit holds many)."""
        spans = {(b.source, n) : b.name for b in found if b.name in u.names
                 for n in [*(g for g, _ in b.given), *range(b.start, b.start + len(b.lines) + 2)]}
        hits = re.findall(r'^([^\s:]+):(\d+):\d+: error', stderr, re.M)
        named = dict.fromkeys(spans[(f, int(n))] for f, n in hits if (f, int(n)) in spans)
        return ', '.join(named) or ', '.join(u.names)

    workers = max(1, min(len(todo), os.cpu_count() or 1, 4))
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for u, why in zip(todo, pool.map(build, todo)):
            if why:
                failed += 1
                print(f'FAILED {culprits(u, why)} ({u.file.name}) {why}')
    for p in problems:
        print(f'FAILED {p}')
    compiled = len(found) - sum(b.area in missing for b in found)
    ran = sum(1 for u in todo if u.program and u.area == 'core')
    print(f'doc blocks: {len(found)} found, {compiled} compiled in {len(todo)} translation unit(s), {ran} program(s) run '
          f'({time.monotonic() - began:.1f} s); {failed} unit(s) failed, {len(problems)} problem(s)')
    return 1 if failed or problems else 0


if __name__ == '__main__':
    sys.exit(main())
