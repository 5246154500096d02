"""The report's contribution chart as SVG: standalone (``report --out x.svg``) and the inline
bars, swatches and tints of the HTML page.

Bar lengths are exactly proportional to the points each criterion contributes (from
:func:`~mlchoose.views.segments.segments`; nothing here computes a score), so a reader can measure
them. Built as strings with :func:`html.escape` on every catalog text: a template engine would be
the only heavy import of the standalone chart.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING

from mlchoose.views import facts
from mlchoose.views.labels import COLOURS, NAMES
from mlchoose.views.safe import clean
from mlchoose.views.segments import Segment, segments, weighted
from mlchoose.views.shortlist import TITLE, heading

if TYPE_CHECKING:
    from mlchoose.core.ranking import ProgramResult, Ranking
    from mlchoose.vocab import Criterion

#: Width of a bar's viewBox in the HTML: a bar of ``scale`` points is this long.
BAR_UNITS = 1000.0
#: Points that rest on the catalog-average stand-in for an unknown score are drawn in a tint of
#: the criterion's colour: this much colour, the rest white (opaque, so it prints the same).
STAND_IN_TINT = 0.45
#: Layout of the standalone chart, in pixels.
SVG_WIDTH, SVG_LABEL, SVG_TOTAL, SVG_ROW, SVG_TOP = 860, 250, 56, 26, 84


def _e(text: object) -> str:
    return escape(clean(text), quote=True)


def num(value: float) -> str:
    """A coordinate for SVG: enough digits that lengths stay proportional."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def chart_scale(results: Iterable[ProgramResult]) -> float:
    """Points that fill a bar: the best total shown, rounded up to ten (10 to 100)."""
    best = max((r.total for r in results if r.total is not None), default=0.0)
    return float(min(100, max(10, math.ceil(best / 10 - 1e-9) * 10)))


def ticks(scale: float) -> list[int]:
    """Axis marks: every 10 points on a short scale, every 20 on a long one."""
    step = 10 if scale <= 50 else 20
    return list(range(0, int(scale) + 1, step))


def fill(criterion: Criterion, stand_in: bool = False) -> str:
    """The criterion's colour, or its lighter tint for points resting on a stand-in."""
    colour = COLOURS[criterion]
    if not stand_in:
        return colour
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * STAND_IN_TINT):02x}" for c in channels)


def swatch(criterion: Criterion, stand_in: bool = False) -> str:
    """A small square in the criterion's colour, for legends (hidden from screen readers)."""
    return (
        '<svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">'
        f'<rect width="10" height="10" fill="{fill(criterion, stand_in)}"/></svg>'
    )


def bar_rects(parts: Sequence[Segment], scale: float, units: float) -> list[tuple[float, float]]:
    """(x, width) per segment when ``scale`` points are ``units`` long: exactly proportional."""
    placed, x = [], 0.0
    for part in parts:
        width = part.points / scale * units
        placed.append((x, width))
        x += width
    return placed


def segment_text(part: Segment) -> str:
    extra = " (stand-in for an unknown score)" if part.stand_in else ""
    return f"{part.criterion}: {part.points:.1f} points{extra}"


def _data(part: Segment) -> str:
    """Attributes that let a reader (or a test) check a bar against the numbers."""
    stand_in = ' data-stand-in="true"' if part.stand_in else ""
    return f'data-criterion="{part.criterion}" data-points="{part.points!r}"{stand_in}'


def bar(result: ProgramResult, scale: float, marks: Sequence[int]) -> str:
    """One program's stacked bar for the HTML page, stretched to the width of its box (text
    stays outside, so it never stretches)."""
    parts = segments(result)
    label = f"{result.program['id']}: " + ("; ".join(segment_text(p) for p in parts) or "no points")
    out = [
        f'<svg class="bar" viewBox="0 0 {num(BAR_UNITS)} 20" preserveAspectRatio="none" '
        f'role="img" aria-label="{_e(label)}" data-scale="{num(scale)}">'
    ]
    for tick in marks[1:-1]:
        at = num(tick / scale * BAR_UNITS)
        out.append(
            f'<line x1="{at}" x2="{at}" y1="0" y2="20" stroke="#c3c8cf" stroke-width="1" '
            'vector-effect="non-scaling-stroke"/>'
        )
    for part, (x, width) in zip(parts, bar_rects(parts, scale, BAR_UNITS), strict=True):
        out.append(
            f'<rect x="{num(x)}" y="0" width="{num(width)}" height="20" '
            f'fill="{fill(part.criterion, part.stand_in)}" {_data(part)} stroke="#fff" '
            'stroke-width="1" vector-effect="non-scaling-stroke">'
            f"<title>{_e(segment_text(part))}</title></rect>"
        )
    out.append("</svg>")
    return "".join(out)


def _weights_text(weights: Mapping[Criterion, float]) -> str:
    return ", ".join(f"{c} {facts.percent(w)}" for c, w in weights.items())


def _rows(ranking: Ranking, scale: float, plot: float) -> Iterable[str]:
    """Per program: its label, its bar in a ``g.bar`` (data-id for checks), its total."""
    x0 = SVG_LABEL
    for index, r in enumerate(ranking.results):
        y = SVG_TOP + index * SVG_ROW
        label = f"{r.rank}. {r.program['id']}"
        yield (
            f'<text x="{x0 - 10}" y="{y + 16}" text-anchor="end">{_e(label)}</text>'
            f'<g class="bar" data-id="{_e(r.program["id"])}">'
        )
        parts = segments(r)
        for part, (x, width) in zip(parts, bar_rects(parts, scale, plot), strict=True):
            yield (
                f'<rect x="{num(x0 + x)}" y="{y + 3}" width="{num(width)}" height="18" '
                f'fill="{fill(part.criterion, part.stand_in)}" {_data(part)}>'
                f"<title>{_e(segment_text(part))}</title></rect>"
            )
        yield (
            f'</g><text x="{SVG_WIDTH - 16}" y="{y + 16}" text-anchor="end" '
            f'font-weight="700">{_e(facts.total(r.total))}</text>'
        )


def chart(ranking: Ranking, *, generated: dt.date, catalog_version: str) -> str:
    """The contribution chart alone, as a standalone SVG image (text included)."""
    scale = chart_scale(ranking.results)
    plot = SVG_WIDTH - SVG_LABEL - SVG_TOTAL - 20
    bottom = SVG_TOP + len(ranking.results) * SVG_ROW
    legend_y = bottom + 30
    height = legend_y + 50
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SVG_WIDTH}" height="{height}" '
        f'viewBox="0 0 {SVG_WIDTH} {height}" role="img" font-family="system-ui, '
        'Segoe UI, Roboto, Helvetica, Arial, sans-serif" font-size="13" fill="#1d2430">',
        f"<title>{_e(TITLE)}: points per criterion</title>",
        f'<rect width="{SVG_WIDTH}" height="{height}" fill="#fff"/>',
        f'<text x="16" y="28" font-size="18" font-weight="700">{_e(TITLE)}: points per '
        "criterion</text>",
        f'<text x="16" y="50" fill="#5b6472">{_e(heading(ranking))} · weights '
        f"{_e(_weights_text(ranking.weights))}</text>",
        f'<text x="16" y="68" fill="#5b6472" font-size="11">{_e(generated.isoformat())} · '
        f"catalog {_e(catalog_version)}</text>",
    ]
    for tick in ticks(scale):
        at = num(SVG_LABEL + tick / scale * plot)
        out.append(
            f'<line x1="{at}" x2="{at}" y1="{SVG_TOP - 4}" y2="{bottom}" stroke="#e3e6ea"/>'
            f'<text x="{at}" y="{bottom + 16}" text-anchor="middle" font-size="11" '
            f'fill="#5b6472">{tick}</text>'
        )
    out += _rows(ranking, scale, plot)
    left = 16
    for criterion in weighted(ranking.weights):
        out.append(
            f'<rect x="{left}" y="{legend_y}" width="12" height="12" '
            f'fill="{COLOURS[criterion]}"/><text x="{left + 17}" y="{legend_y + 11}">'
            f"{_e(NAMES[criterion])}</text>"
        )
        left += 17 + 8 * len(NAMES[criterion]) + 18
    out.append(
        f'<text x="16" y="{legend_y + 32}" fill="#5b6472" font-size="11">Lighter: the catalog '
        "average counted for an unknown score. A full bar is "
        f"{scale:g} points.</text></svg>\n"
    )
    return "\n".join(out)
