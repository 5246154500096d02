"""Short human phrases for scores, totals, costs and dates, shared by every human-readable view
(a fact's own phrase is declared in :mod:`mlchoose.data.registry`)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from mlchoose.data.registry import UNKNOWN_TEXT, money
from mlchoose.views.legends import ESTIMATE, FEES_MARK, NEUTRAL, UNKNOWN

if TYPE_CHECKING:
    from mlchoose.core.costs import Cost
    from mlchoose.core.criteria import CriterionScore
    from mlchoose.data.models import Source

#: Points below this are too small to name as a reason.
SMALL = 0.05


def score(value: float | None) -> str:
    return UNKNOWN if value is None else f"{value:.2f}"


def neutral(item: CriterionScore) -> bool:
    """Region when no region is preferred: a neutral criterion, not a gap in the data ('?'
    would send a student looking for a fact that does not exist)."""
    return item.score is None and item.criterion == "region"


def estimated(item: CriterionScore) -> bool:
    """A score that rests mainly on base rates: more than half of its point is not proven by
    the program's own evidence (point - low > point / 2)."""
    return item.score is not None and item.score - item.low > item.score / 2 + 1e-9


def score_of(item: CriterionScore) -> str:
    """A criterion's score as shown: '-' when neutral, '?' when unknown, '~0.94' when it rests
    mainly on base rates."""
    if neutral(item):
        return NEUTRAL
    return ESTIMATE + score(item.score) if estimated(item) else score(item.score)


def total(value: float | None) -> str:
    return UNKNOWN if value is None else f"{value:.1f}"


#: A total's range is shown beside it when it is wider than this many points.
RANGE_SHOWN = 5.0


def total_range(value: float | None, span: tuple[float, float] | None) -> str:
    """``52.0 (44-61)``: the total, and its range when the data leaves it open."""
    if value is None or span is None or span[1] - span[0] <= RANGE_SHOWN:
        return total(value)
    # Outward rounding, so a total of 54.6 never shows a range starting at 55.
    return f"{total(value)} ({math.floor(span[0])}-{math.ceil(span[1])})"


def score_range(low: float, high: float) -> str:
    return f"{low:.2f}" if high - low <= 0.005 else f"{low:.2f}-{high:.2f}"


def percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def cost(value: Cost) -> str:
    """'$76,950' or '$60,000-$80,000'; with unknown fees the range from tuition alone to the
    fee bound, marked; 'unknown' without a price."""
    if value.low is None or value.high is None:
        return UNKNOWN_TEXT
    text = (
        money(value.low) if value.low == value.high else f"{money(value.low)}-{money(value.high)}"
    )
    text = text if value.fees_included else f"{text} (fees unknown)"
    old = stale_years(value.years)
    return f"{text} ({', '.join(old)})" if old else text


def cost_brief(value: Cost) -> str:
    """A cost with nothing beside it, for a narrow cell: '$92,109-$122,812'; tuition alone is
    marked ``+`` when the fees are unknown ('$68,380-$102,570+', see FEES_LEGEND)."""
    if value.low is None or value.high is None:
        return UNKNOWN_TEXT
    high = value.high if value.fees_included else (value.tuition_high or value.low)
    text = money(value.low) if value.low == high else f"{money(value.low)}-{money(high)}"
    return text + ("" if value.fees_included else FEES_MARK)


def cost_thousands(value: Cost) -> str:
    """The ranking table's cost, one short line: thousands of dollars ('$92k-123k'), ``+`` for
    tuition alone, and the oldest price year older than the last academic year ("$55k '13")."""
    if value.low is None or value.high is None:
        return UNKNOWN_TEXT
    high = value.high if value.fees_included else (value.tuition_high or value.low)
    low_k, high_k = round(value.low / 1000), round(high / 1000)
    text = f"${low_k:,}k" if low_k == high_k else f"${low_k:,}k-{high_k:,}k"
    if high < 1000:  # too small to round to thousands
        text = money(value.low) if value.low == high else f"{money(value.low)}-{money(high)}"
    text += "" if value.fees_included else FEES_MARK
    old = sorted(stale_years(value.years))
    return f"{text} '{old[0][2:4]}" if old else text


def academic_year(day: dt.date) -> int:
    """The first calendar year of the academic year ``day`` falls in (July starts a year)."""
    return day.year if day.month >= 7 else day.year - 1


def stale_years(years: Iterable[str], today: dt.date | None = None) -> list[str]:
    """The years older than the current or the last academic year ("2013-14", "2020")."""
    current = academic_year(today or dt.date.today())
    found = []
    for year in years:
        start = year[:4]
        if start.isdigit() and int(start) < current - 1:
            found.append(year)
    return found


def points(value: float | None, stand_in: bool) -> str:
    """Weighted points as every view prints them: ``~`` marks points that come from a stand-in."""
    if value is None:
        return "-"
    return f"{'~' if stand_in else ''}{value:.1f}"


class Citations:
    """Numbers source keys in the order they are first cited, for ``[n]`` markers; each view
    renders the markers its own way (Rich text, HTML links)."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = sources
        self.order: list[str] = []

    def number(self, key: str | None) -> int | None:
        """The key's number (given on first citation); None for no source or an unknown key."""
        if key is None or key not in self.sources:
            return None
        if key not in self.order:
            self.order.append(key)
        return self.order.index(key) + 1
