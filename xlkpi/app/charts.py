"""Small horizontal bar charts as inline SVG, drawn on the server (no script, no library).

One bar per row: the label on the left, the bar, the value at its end; optionally a
limit line across the bar (a grade's quota headcount), and the bar drawn in red when it
is outside that limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 70
ROW = 30
BAR = 18
TOP = 6
COLOURS = {"ok": "#2f6fb0", "over": "#c0392b", "limit": "#222"}


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value and how to show the value; `limit` draws a line."""

    label: str
    value: float
    shown: str
    limit: float | None = None
    over: bool = False


def bar_chart(bars: list[Bar], *, title: str, scale: float | None = None) -> Markup:
    """An SVG chart of `bars`, titled `title` (for screen readers and as a tooltip).

    Args:
        bars: the rows, top to bottom.
        title: what the chart shows.
        scale: the value of a full-length bar (default: the largest value or limit).
    """
    top = max([scale or 0.0, *(b.value for b in bars), *(b.limit or 0.0 for b in bars)])
    top = top or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP * 2 + ROW * len(bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, b in enumerate(bars):
        y = TOP + i * ROW
        mid = y + ROW / 2
        length = max(0.0, b.value) / top * span
        colour = COLOURS["over" if b.over else "ok"]
        label = b.label if len(b.label) <= 16 else b.label[:15] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{mid:.1f}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{mid - BAR / 2:.1f}" width="{length:.1f}" '
            f'height="{BAR}" fill="{colour}"><title>{escape(b.label)}: {escape(b.shown)}'
            "</title></rect>"
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{mid:.1f}" '
            f'dominant-baseline="middle">{escape(b.shown)}</text>'
        )
        if b.limit is not None:
            x = LABEL_WIDTH + b.limit / top * span
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 2}" y2="{y + ROW - 2}" '
                f'stroke="{COLOURS["limit"]}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
