"""Accessible SVG charts for HTML pages: a text alternative, a legend in words and the data as a table.

Each chart is a <figure>: the SVG has role="img" with a <title> and a <desc> that says in a sentence
what the chart shows (the answer, not the shape), the caption names it, and the figures stand in a
table beside it, so nothing is said by colour or position alone. Labels stand in their own column
left of the bars and values at the bars' ends, so a name never lies on a (negative) bar. Self-
contained: no script, no web font, no external file.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from xltools.escaping import html_text
from xltools.sv import sv_amount

BLUE, RED, GREEN, AMBER, GREY, INK = "#1f4e78", "#9c0006", "#2e6b30", "#8a5a00", "#6b6b6b", "#1a1a1a"
WIDTH = 420  # viewBox width: on a 390 px phone the text is scaled to about 0.85


def _e(text: str) -> str:
    return escape(html_text(text), quote=True)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as text, e.g. "−4,1 mnkr"


@dataclass(frozen=True)
class Segment:
    name: str
    color: str


def _frame(cid: str, title: str, desc: str, height: float, body: list[str]) -> str:
    return (f'<svg class="diagram" role="img" aria-labelledby="{cid}-t {cid}-d" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'xmlns="http://www.w3.org/2000/svg" font-family="Liberation Sans, Arial, sans-serif" font-size="13">'
            f'<title id="{cid}-t">{_e(title)}</title><desc id="{cid}-d">{_e(desc)}</desc>' + "".join(body) + "</svg>")


def _clip(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "…"


def bars(cid: str, title: str, desc: str, items: list[Bar]) -> str:
    """Horizontal bars from a zero line; negative values to the left, in red, with their value as text."""
    label_w, value_w, row_h = 186, 78, 26
    lo = min([0.0, *(b.value for b in items)])
    hi = max([0.0, *(b.value for b in items)])
    span = (hi - lo) or 1.0
    plot_x, plot_w = label_w + 4, WIDTH - label_w - 8 - value_w
    # Leave room for the value text on the negative side too.
    neg_room = value_w if lo < 0 else 0
    plot_x += neg_room
    plot_w -= neg_room

    def x(v: float) -> float:
        return plot_x + (v - lo) / span * plot_w

    zero = x(0.0)
    body = []
    for i, b in enumerate(items):
        y = 8 + i * row_h
        x0, x1 = sorted((zero, x(b.value)))
        color = RED if b.value < 0 else BLUE
        body.append(f'<text x="{label_w}" y="{y + 15}" text-anchor="end" fill="{INK}">{_e(_clip(b.label, 25))}</text>')
        body.append(f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 1):.1f}" height="16" fill="{color}"/>')
        if b.value < 0:
            body.append(f'<text x="{x0 - 4:.1f}" y="{y + 15}" text-anchor="end" fill="{INK}">{_e(b.shown)}</text>')
        else:
            body.append(f'<text x="{x1 + 4:.1f}" y="{y + 15}" fill="{INK}">{_e(b.shown)}</text>')
    height = 16 + len(items) * row_h
    body.append(f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="4" y2="{height - 6}" stroke="{INK}" stroke-width="1"/>')
    return _frame(cid, title, desc, height, body)


def stacked(cid: str, title: str, desc: str, rows: list[tuple[str, list[int]]], segments: list[Segment]) -> str:
    """One bar per row split in counted parts (e.g. mål uppfyllda / delvis / ej), with a legend in words."""
    label_w, row_h = 170, 28
    plot_x, plot_w = label_w + 6, WIDTH - label_w - 14
    most = max([1, *(sum(c) for _, c in rows)])
    body = []
    for i, (label, counts) in enumerate(rows):
        y = 8 + i * row_h
        body.append(f'<text x="{label_w}" y="{y + 16}" text-anchor="end" fill="{INK}">{_e(_clip(label, 26))}</text>')
        x = plot_x
        for n, seg in zip(counts, segments, strict=True):
            w = n / most * plot_w
            if n:
                body.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="18" fill="{seg.color}" '
                            f'stroke="#ffffff" stroke-width="1"/>')
                if w >= 16:
                    body.append(f'<text x="{x + w / 2:.1f}" y="{y + 16}" text-anchor="middle" fill="#ffffff">{n}</text>')
            x += w
    used = [seg for i, seg in enumerate(segments) if any(c[i] for _, c in rows)]
    y = 12 + len(rows) * row_h
    x = 8.0
    for seg in used:  # the legend, in words, wrapped to the width
        w = 24 + 7.2 * len(seg.name)
        if x + w > WIDTH:
            x, y = 8.0, y + 20
        body.append(f'<rect x="{x:.0f}" y="{y}" width="12" height="12" fill="{seg.color}"/>')
        body.append(f'<text x="{x + 16:.0f}" y="{y + 11}" fill="{INK}">{_e(seg.name)}</text>')
        x += w
    return _frame(cid, title, desc, y + 22, body)


def lines(cid: str, title: str, desc: str, xs: list[str], series: list[tuple[str, list[float | None]]],
          decimals: int = 1) -> str:
    """A line per series over the x values (years, periods), each point marked and the last value labelled."""
    left, right, top, bottom = 56, 34, 12, 30
    height = 200
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [v for _, vs in series for v in vs if v is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.1
    lo, hi = lo - pad, hi + pad
    step = plot_w / max(len(xs) - 1, 1)

    def pt(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top + (hi - v) / (hi - lo) * plot_h

    colors = [BLUE, AMBER, GREEN, RED, GREY]
    dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2"]
    body = [f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{GREY}"/>']
    for i, label in enumerate(xs):
        x, _ = pt(i, lo)
        body.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" fill="{INK}">{_e(label)}</text>')
    for v in (lo + pad, hi - pad):
        _, y = pt(0, v)
        body.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{_e(sv_amount(v, decimals))}</text>')
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9d9d9"/>')
    for k, (name, vs) in enumerate(series):
        color, dash = colors[k % len(colors)], dashes[k % len(dashes)]
        points = [pt(i, v) for i, v in enumerate(vs) if v is not None]
        if len(points) > 1:
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="2.5"'
                        + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        for x, y in points:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}"/>')
        ly = height + 6 + 20 * k  # the legend, in words, one series a line
        body.append(f'<line x1="8" x2="40" y1="{ly}" y2="{ly}" stroke="{color}" stroke-width="2.5"'
                    + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        body.append(f'<circle cx="24" cy="{ly}" r="3.5" fill="{color}"/>')
        body.append(f'<text x="48" y="{ly + 4}" fill="{INK}">{_e(name)}</text>')
    return _frame(cid, title, desc, height + 20 * len(series), body)
