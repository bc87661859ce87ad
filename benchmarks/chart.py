#!/usr/bin/env python3
"""Draws the comparisons of a benchmarks JSON (benchmarks/report.py's output) as an SVG bar chart.

usage: benchmarks/chart.py docs/benchmarks.json docs/performance.svg

One bar per comparison: how many times faster events is than its baseline (baseline time over
ours), on a log scale, with the parity line at 1x. Plain SVG written by hand: no plotting library.
"""
import json
import math
import sys
from xml.sax.saxutils import escape


def draw(data):
    rows = data["comparisons"]
    left, bar_h, gap, width = 260, 18, 8, 440
    top = 48
    height = top + len(rows) * (bar_h + gap) + 40
    hi = max([10.0] + [r["ratio"] for r in rows])
    decades = math.ceil(math.log10(hi))
    lo_exp = -1
    span = decades - lo_exp

    def x(v):
        return left + width * (math.log10(max(v, 10 ** lo_exp)) - lo_exp) / span

    m = data.get("machine", {})
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="18" font-size="14" font-weight="bold">events vs. baseline, same run '
           f'(times faster, log scale)</text>',
           f'<text x="10" y="36" fill="#555">{escape(m.get("cpu", ""))}, {m.get("cores", "?")} cores</text>']
    for e in range(lo_exp, decades + 1):
        gx = x(10 ** e)
        out.append(f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{height - 30}" stroke="#ddd"/>')
        out.append(f'<text x="{gx:.1f}" y="{height - 14}" text-anchor="middle" fill="#555">{10 ** e:g}x</text>')
    one = x(1)
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap)
        color = "#2b7bb9" if r["ratio"] >= 1 else "#c0504d"
        x0, x1 = sorted((one, x(r["ratio"])))
        out.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{escape(r["name"])}</text>')
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar_h}" fill="{color}"/>')
        out.append(f'<text x="{x1 + 4:.1f}" y="{y + 13}">{r["ratio"]:.2f}x</text>')
    out.append(f'<line x1="{one:.1f}" y1="{top - 6}" x2="{one:.1f}" y2="{height - 30}" stroke="#333"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    data = json.load(open(sys.argv[1]))
    svg = draw(data)
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            f.write(svg)
    else:
        sys.stdout.write(svg)


if __name__ == "__main__":
    main()
