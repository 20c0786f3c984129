"""The week heatmap of a Staffing page: inline SVG built at build time, no JavaScript.

Seven rows (Monday first) of 24 hourly cells. A cell's shade says how many people the
promises need; its text says ``planned/needed``; an hour the plan cannot cover is hatched,
framed and starts with "!", so a gap never rests on colour alone. Every colour pair passes
WCAG AA (4.5:1 for text, 3:1 for the gap frame against the white card); the tests check the
palette below. Every piece of text goes through :func:`markupsafe.escape`, so the SVG is
trusted output even when a team's name or a company's wording holds markup characters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from playbook.model import WEEKDAYS
from playbook.staffing import Hour, TeamWeek

CARD = "#ffffff"
INK = "#1f1f1f"
CLOSED = ("#e6e6e6", "#404040")
SHADES = (
    ("#eef4fa", "#0b2545"),
    ("#cfe0f1", "#0b2545"),
    ("#9fc2e3", "#0b2545"),
    ("#2b6cb0", "#ffffff"),
    ("#1d4f85", "#ffffff"),
)
"""(fill, text) from 'open, nobody needed' to 'the most people needed this week'."""
GAP_FILL = ("#fde4e0", "#f4b4ab")
"""The two stripes of the gap hatching."""
GAP_TEXT = "#5c0b05"
GAP_FRAME = "#b3261e"

LABEL_WIDTH = 36
HEADER = 18
PITCH = 31
CELL = 29
ROW = 26
CELL_HEIGHT = 24
LEGEND_LINE = 20
Translate = Callable[..., Any]


def svg(week: TeamWeek, t: Translate) -> Markup:
    """The heatmap of ``week`` as an inline ``<svg>`` inside a ``<div>``, ready for Markdown.

    ``t`` is the page's wording catalog; keys live under ``staffing.heatmap`` (plain text).
    """
    ident = f"playbook-heatmap-{week.index}"
    days = [_text(t, f"weekday.{day}") for day in WEEKDAYS]
    width = LABEL_WIDTH + 24 * PITCH + 4
    grid_bottom = HEADER + len(WEEKDAYS) * ROW
    keys = _legend(week, t, ident)
    height = grid_bottom + 10 + len(keys) * LEGEND_LINE + 4
    title = _text(t, "staffing.heatmap.title", team=week.team.team)
    summary = _text(
        t,
        "staffing.heatmap.summary_gaps" if week.gap_hours else "staffing.heatmap.summary",
        hours=week.gap_hours,
        peak=week.peak_needed,
    )
    parts = [
        '<div class="playbook-heatmap" style="overflow-x:auto" data-search-exclude>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{_attr(title + ". " + summary)}" '
        'font-family="sans-serif" style="min-width:600px;height:auto">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(summary)}</desc>",
        "<defs>",
        f'<pattern id="{ident}-gap" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">',
        f'<rect width="6" height="6" fill="{GAP_FILL[0]}"/>',
        f'<rect width="3" height="6" fill="{GAP_FILL[1]}"/>',
        "</pattern>",
        "</defs>",
        f'<rect width="{width}" height="{height}" fill="{CARD}"/>',
    ]
    for hour in range(24):
        x = LABEL_WIDTH + hour * PITCH + CELL / 2
        parts.append(
            f'<text x="{x:g}" y="{HEADER - 5}" font-size="10" fill="{INK}" '
            f'text-anchor="middle">{hour:02d}</text>'
        )
    peak = week.peak_needed
    for d, row in enumerate(week.hours):
        y = HEADER + d * ROW
        parts.append(
            f'<text x="4" y="{y + CELL_HEIGHT / 2 + 4:g}" font-size="11" fill="{INK}">'
            f"{escape(days[d])}</text>"
        )
        for cell in row:
            parts.append(_cell(week, cell, t, days, ident, peak, y))
    parts.extend(_draw_legend(keys, grid_bottom + 10))
    parts.extend(["</svg>", "</div>"])
    return Markup("\n".join(parts))


def shade(needed: int, peak: int) -> tuple[str, str]:
    """(fill, text colour) for an open hour that needs ``needed`` of at most ``peak`` people."""
    if needed <= 0 or peak <= 0:
        return SHADES[0]
    step = -(-needed * (len(SHADES) - 1) // peak)
    return SHADES[min(step, len(SHADES) - 1)]


def _cell(
    week: TeamWeek, cell: Hour, t: Translate, days: list[str], ident: str, peak: int, y: int
) -> str:
    x = LABEL_WIDTH + cell.hour * PITCH
    when = f"{days[cell.day]} {cell.hour:02d}–{cell.hour + 1:02d}"
    if cell.gap:
        fill, ink = f"url(#{ident}-gap)", GAP_TEXT
        frame = f' stroke="{GAP_FRAME}" stroke-width="2"'
        status = _text(t, "staffing.heatmap.cell_gap", missing=cell.missing)
    elif not cell.open:
        (fill, ink), frame = CLOSED, ""
        status = _text(t, "staffing.heatmap.cell_closed")
    else:
        (fill, ink), frame = shade(cell.needed, peak), ""
        status = _text(t, "staffing.heatmap.cell_covered") if week.has_plan else ""
    if week.has_plan:
        label = f"{cell.planned}/{cell.needed}" if (cell.planned or cell.needed) else ""
        tip = _text(t, "staffing.heatmap.cell_plan", planned=cell.planned, needed=cell.needed)
    else:
        label = str(cell.needed) if cell.needed else ""
        tip = _text(t, "staffing.heatmap.cell_need", needed=cell.needed)
    if cell.gap:
        label = "!" + label
    tooltip = f"{when}: {tip}" + (f" ({status})" if status else "")
    inset = 1 if frame else 0
    text = ""
    if label:
        weight = ' font-weight="bold"' if cell.gap else ""
        text = (
            f'<text x="{x + CELL / 2:g}" y="{y + CELL_HEIGHT / 2 + 4:g}" font-size="10"'
            f'{weight} fill="{ink}" text-anchor="middle">{escape(label)}</text>'
        )
    return (
        f"<g><title>{escape(tooltip)}</title>"
        f'<rect x="{x + inset}" y="{y + inset}" width="{CELL - 2 * inset}" '
        f'height="{CELL_HEIGHT - 2 * inset}" fill="{fill}"{frame}/>{text}</g>'
    )


def _legend(week: TeamWeek, t: Translate, ident: str) -> list[tuple[list[str], str]]:
    """One line per key (swatches, label): the numbers, the shades, closed hours and gaps."""
    lines: list[tuple[list[str], str]] = []
    key = "staffing.heatmap.legend_numbers" if week.has_plan else "staffing.heatmap.legend_need"
    lines.append(([], _text(t, key)))
    ramp = [
        f'<rect x="{{x}}" y="{{y}}" width="14" height="14" fill="{fill}"/>' for fill, _ in SHADES
    ]
    lines.append((ramp, _text(t, "staffing.heatmap.legend_shades")))
    lines.append(
        ([f'<rect x="{{x}}" y="{{y}}" width="14" height="14" fill="{CLOSED[0]}"/>'],
         _text(t, "staffing.heatmap.legend_closed"))
    )
    if week.has_plan:
        lines.append(
            ([f'<rect x="{{x}}" y="{{y}}" width="14" height="14" fill="url(#{ident}-gap)" '
              f'stroke="{GAP_FRAME}" stroke-width="2"/>'],
             _text(t, "staffing.heatmap.legend_gap"))
        )
    return lines


def _draw_legend(lines: list[tuple[list[str], str]], top: int) -> list[str]:
    parts = []
    for i, (swatches, label) in enumerate(lines):
        y = top + i * LEGEND_LINE
        x = LABEL_WIDTH
        for swatch in swatches:
            parts.append(swatch.format(x=x, y=y))
            x += 16
        parts.append(
            f'<text x="{x + 4 if swatches else x}" y="{y + 11}" font-size="11" fill="{INK}">'
            f"{escape(label)}</text>"
        )
    return parts


def _text(t: Translate, key: str, **values: Any) -> str:
    """Plain wording from the catalog with values filled in; escaped later, where it is used."""
    return str(t(key)).format(**values) if values else str(t(key))


def _attr(text: str) -> str:
    return str(escape(text))
