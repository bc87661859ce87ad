#!/usr/bin/env python3
"""Every example shown is built: finds the `\\code` blocks of the headers and the ```cpp blocks of
README.md and docs/*.md, and writes the translation units check.py compiles.

What a block may take as given (an id at hand, a configuration, a message received, a handler of
the reader's own) is declared in a comment right above it, which neither Doxygen nor a Markdown
page shows:

    /// <!-- given: events::kafka::config cfg; -->            (a header)
    /// \\code
    <!-- given:                                              (a page; one line or several)
    #include <events/catalog.hpp>
    void schedule_next(const events::TaskCompletedPayload&);
    -->
    ```cpp

How a block is compiled:
- A whole program (it has `int main(`) on its own, as it stands.
- Else in its own namespace, after the includes (the standard library's common headers, its
  header's own, then the `#include` lines of the block and of its given, which move to the top of
  the unit): the given and the block's
  leading declarations (types, templates) at namespace scope, the statements that follow in a
  function body. A block that specializes a library template (`template <> struct events::...`)
  is at global scope, in a unit of its own.
- A block of kafka/, dapr/, schema_registry/ or outbox/ (its header's folder, the page
  docs/<name>.md, or an include of it) compiles against that integration's target; the others
  against the core. Those blocks share one unit, so the headers are parsed once: it is compiled
  with the flags of every target it needs, and an integration's blocks are left out (and told)
  when its target is not configured.
A block in another language is fenced with its name (```sh) or `\\code{.sh}`; a fence without a
language is refused (it could hide C++).

Usage: extract.py <source-dir> <out-dir>   (prints one line per unit: area<TAB>file)
"""
import dataclasses
import pathlib
import re
import sys

AREAS = ('outbox', 'kafka', 'dapr', 'schema_registry')  # outbox first: it includes kafka too
# A line that opens a declaration at namespace scope; anything else at column 0 is a statement.
DECL = re.compile(r'(struct|class|union|enum|template|namespace\s+\w+\s*\{|using\s+\w+\s*=|'
                  r'inline|constexpr|static_assert|extern)\b')
GIVEN_OPEN, GIVEN_CLOSE = re.compile(r'<!--\s*given:'), '-->'


@dataclasses.dataclass
class Block:
    origin: str        # README.md, docs/dapr.md or events/kafka/consumer.hpp
    source: str        # the path from the repository root, for #line
    start: int         # the line of the opening fence or \code
    n: int             # its number in its file
    lines: list        # the block's lines
    given: list        # (line number, text) of its given comment
    name: str = ''
    area: str = 'core'


def doc_text(line: str) -> str:
    return re.sub(r'^\s*///? ?', '', line)


def scan(path: pathlib.Path, origin: str, source: str, header: bool, problems: list):
    """The blocks of one file, each with the given comment right above it."""
    block, given, pending_given, given_lines, start, n = None, None, None, [], 0, 0
    lines = path.read_text(encoding='utf-8').splitlines()
    for i, line in enumerate(lines, 1):
        comment = not header or line.lstrip().startswith('//')
        text = doc_text(line) if header else line
        stripped = text.strip()
        if block is None and given is None and comment and GIVEN_OPEN.match(stripped):
            given = []
            rest = GIVEN_OPEN.split(stripped, 1)[1]
            if GIVEN_CLOSE in rest:
                given.append((i, rest.split(GIVEN_CLOSE)[0]))
                pending_given, given = (given, i), None
            elif rest.strip():
                given.append((i, rest))
            continue
        if given is not None:
            if GIVEN_CLOSE in stripped:
                given.append((i, text.split(GIVEN_CLOSE)[0]))
                pending_given, given = (given, i), None
            else:
                given.append((i, text))
            continue
        if block is None:
            if header:
                opening = comment and re.search(r'\\code\b(\{\.?(\w+)\})?', line)
                is_cpp = opening and opening.group(2) in (None, 'cpp', 'c++')
            else:
                fence = re.match(r'^```\s*(\S*)\s*$', stripped)
                opening = fence
                if fence and not fence.group(1):
                    problems.append(f'{source}:{i}: a fenced block without a language (```cpp, ```sh, ...)')
                is_cpp = fence and fence.group(1) in ('cpp', 'c++')
            if opening:
                mine = pending_given[0] if pending_given and pending_given[1] == i - 1 else []
                if pending_given and not mine:
                    problems.append(f'{source}:{pending_given[1]}: a given comment not right above a block')
                pending_given = None
                block, start, given_lines = ([] if is_cpp else 'other'), i, mine
            elif pending_given and pending_given[1] < i - 1:
                problems.append(f'{source}:{pending_given[1]}: a given comment not right above a block')
                pending_given = None
            continue
        closing = '\\endcode' in line if header else stripped == '```'
        if closing:
            if block != 'other':
                n += 1
                yield Block(origin, source, start, n, block, given_lines)
            block = None
        elif block != 'other':
            block.append(text)


def blocks(root: pathlib.Path, problems: list):
    found = []
    for path in sorted((root / 'include' / 'events').rglob('*.hpp')):
        rel = path.relative_to(root / 'include').as_posix()
        found += scan(path, rel, 'include/' + rel, True, problems)
    for page in [root / 'README.md'] + sorted((root / 'docs').glob('*.md')):
        if page.exists():
            rel = page.relative_to(root).as_posix()
            found += scan(page, rel, rel, False, problems)
    for b in found:
        b.name = 'doc_' + re.sub(r'[^A-Za-z0-9]+', '_', b.origin.removeprefix('events/').removesuffix('.hpp')) + f'_{b.n}'
        text = '\n'.join(b.lines + [t for _, t in b.given])
        named = [a for a in AREAS if re.search(rf'events/{a}/', text)]
        folder = re.match(r'events/(\w+)/', b.origin)
        page = re.match(r'docs/(\w+)\.md$', b.origin)
        own = (folder and folder.group(1)) or (page and page.group(1))
        b.area = own if own in AREAS else (named[0] if named else 'core')
    return found


INCLUDE = re.compile(r'\s*#\s*include\b')


def is_program(b: Block) -> bool:
    return bool(re.search(r'\bint main\s*\(', '\n'.join(b.lines)))


def is_global(b: Block) -> bool:
    return bool(re.search(r'^template\s*<>\s*struct\s+events::', '\n'.join(b.lines), re.M))


def includes(b: Block):
    own = [f'#include <{b.origin}>'] if b.origin.startswith('events/') else []
    return own + [t.strip() for _, t in b.given if INCLUDE.match(t)] + [l.strip() for l in b.lines if INCLUDE.match(l)]


def split(lines):
    """The leading declarations (a column-0 line that opens one, with its indented or closing
    continuation) and the statements after them."""
    decl_end, in_decl = 0, False
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or s.startswith('//') or INCLUDE.match(line):
            continue
        if not line[0].isspace() and not s.startswith(('}', ')')):
            in_decl = bool(DECL.match(s))
            if not in_decl:
                break
        elif not in_decl:
            break
        decl_end = i + 1
    return lines[:decl_end], lines[decl_end:]


def body(b: Block) -> str:
    """The given and the block with #line marks, includes blanked (they move to the top)."""
    def seg(first_line, lines):
        lines = ['' if INCLUDE.match(l) else l for l in lines]
        return f'#line {first_line} "{b.source}"\n' + '\n'.join(lines) + '\n' if lines else ''
    out = ''
    for number, text in b.given:
        out += seg(number, [text])
    decls, stmts = split(b.lines)
    out += seg(b.start + 1, decls)
    if any(l.strip() for l in stmts):
        out += '[[maybe_unused]] void run() {\n' + seg(b.start + 1 + len(decls), stmts) + '}\n'
    return out


# A fragment takes the standard library as given: its includes would only lengthen the example.
HEAD = ('// Generated by tests/doc_blocks/extract.py from the example blocks of the headers and the docs.\n' +
        ''.join(f'#include <{h}>\n' for h in ('atomic', 'chrono', 'cstdint', 'iostream', 'map', 'optional',
                                               'span', 'string', 'thread', 'utility', 'vector')))


@dataclasses.dataclass
class Unit:
    area: str
    file: str
    text: str
    names: list
    program: bool = False   # a whole program: built and, in the core, run
    expected: list = None   # the output a program's block shows (its closing comment lines)
    areas: list = None      # the shared unit: the areas of its blocks


def shown_output(lines):
    """The output a program shows after main's closing brace: `}   // line 1`, `// line 2`, ..."""
    end = max((i for i, l in enumerate(lines) if l.startswith('}')), default=None)
    if end is None:
        return None
    tail = [lines[end].split('//', 1)[1] if '//' in lines[end] else None] + \
           [l.strip().removeprefix('//') for l in lines[end + 1:] if l.strip()]
    shown = [t.strip() for t in tail if t is not None]
    return shown or None


def units(found):
    out, groups = [], {}
    for b in found:
        if is_program(b):
            text = f'#line {b.start + 1} "{b.source}"\n' + '\n'.join(b.lines) + '\n'
            out.append(Unit(b.area, f'{b.name}.cpp', text, [b.name], True, shown_output(b.lines)))
        elif is_global(b):
            text = HEAD + ''.join(i + '\n' for i in dict.fromkeys(includes(b))) + body(b)
            out.append(Unit(b.area, f'{b.name}.cpp', text, [b.name]))
        else:
            groups.setdefault(b.area, []).append(b)
    # One unit for every other block, so the headers are parsed once: each integration's blocks
    # and includes inside #ifdef EVENTS_DOC_AREA_<name>, defined when its target is configured.
    members = [b for area in ('core',) + AREAS for b in groups.get(area, [])]
    text = HEAD
    for area in ('core',) + AREAS:
        heads = ''.join(i + '\n' for i in dict.fromkeys(i for b in groups.get(area, []) for i in includes(b)))
        text += heads if area == 'core' else f'#ifdef EVENTS_DOC_AREA_{area}\n{heads}#endif\n' if heads else ''
    for b in members:
        block = f'namespace {b.name} {{\n{body(b)}}}  // namespace {b.name}\n'
        text += '\n' + (block if b.area == 'core' else f'#ifdef EVENTS_DOC_AREA_{b.area}\n{block}#endif\n')
    out.append(Unit('core', 'doc_blocks.cpp', text, [b.name for b in members], areas=sorted({b.area for b in members})))
    return out


def write(root: pathlib.Path, out: pathlib.Path):
    """The blocks, the units written to `out` (unchanged files are left alone), the problems."""
    problems = []
    found = blocks(root, problems)
    out.mkdir(parents=True, exist_ok=True)
    made = units(found)
    for u in made:
        target = out / u.file
        if not target.exists() or target.read_text(encoding='utf-8') != u.text:
            target.write_text(u.text, encoding='utf-8')
        u.file = target
    return found, made, problems


def main() -> int:
    _, result, problems = write(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
    for u in result:
        print(f'{u.area}\t{u.file}')
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
