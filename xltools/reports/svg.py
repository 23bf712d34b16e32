"""Accessible SVG charts for the HTML bilagor (issue 19 part 3): a bar per year against a goal line.

Plain SVG text (no library, no script): role="img" with a title and a description that say every value and
the goal in words, Swedish numbers, and colour that is never the only carrier of meaning (a bar below the
goal is also hatched and its label says "under målet"). The bilaga prints the same figures as a table
beside the chart.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from xltools.sv import sv_percent

WIDTH, HEIGHT = 560, 250
LEFT, RIGHT, TOP, BOTTOM = 76, 16, 20, 40
MET, UNMET, GOAL = "#1f4e78", "#a61b1b", "#404040"


def _pct(v: float) -> str:
    return sv_percent(v)


def goal_chart(ident: str, title: str, labels: list[str], values: list[float | None], goal: float | None) -> str:
    """Bars (per cent) for `labels` with the goal `goal` (at least) as a dashed line; None: no value."""
    known = [v for v in values if v is not None]
    hi = max([*known, goal or 0, 0.0]) * 1.2 or 1.0
    lo = min([*known, 0.0]) * 1.2
    plot_h = HEIGHT - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT

    def y(v: float) -> float:
        return TOP + (hi - v) / (hi - lo) * plot_h

    step = plot_w / max(len(labels), 1)
    bar = step * 0.5
    said = []
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
             f'role="img" aria-labelledby="{ident}-titel {ident}-besk" class="diagram">',
             f'<title id="{ident}-titel">{escape(title)}</title>',
             '<defs><pattern id="' + ident + '-under" width="6" height="6" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="6" height="6" fill="' + UNMET + '"/>'
             '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>',
             f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}" stroke="#808080"/>']
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        x = LEFT + i * step + (step - bar) / 2
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                     f'font-size="12">{escape(label)}</text>')
        if v is None:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y(0) - 6:.1f}" text-anchor="middle" font-size="11">'
                         "kan inte beräknas</text>")
            said.append(f"{label}: kan inte beräknas")
            continue
        under = goal is not None and v < goal
        top, bottom = (y(v), y(0)) if v >= 0 else (y(0), y(v))
        fill = f"url(#{ident}-under)" if under else MET
        parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar:.1f}" height="{max(bottom - top, 1):.1f}" '
                     f'fill="{fill}"/>')
        ty = top - 6 if v >= 0 else bottom + 14
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{ty:.1f}" text-anchor="middle" font-size="12" '
                     f'font-weight="bold">{escape(_pct(v))}</text>')
        said.append(f"{label}: {_pct(v)}" + (" (under målet)" if under else ""))
    if goal is not None:
        parts.append(f'<line x1="{LEFT}" y1="{y(goal):.1f}" x2="{WIDTH - RIGHT}" y2="{y(goal):.1f}" stroke="{GOAL}" '
                     'stroke-width="2" stroke-dasharray="6 4"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y(goal) + 4:.1f}" text-anchor="end" font-size="11">'
                     f"mål {escape(_pct(goal))}</text>")
    desc = "; ".join(said) + (f". Målet är minst {_pct(goal)}." if goal is not None else ".")
    parts.insert(2, f'<desc id="{ident}-besk">{escape(desc)}</desc>')
    parts.append("</svg>")
    return "".join(parts)
