"""Short human phrases for a program's facts, shared by every human-readable view."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlchoose.core.costs import Cost
    from mlchoose.core.criteria import CriterionScore
    from mlchoose.core.ranking import ProgramResult
    from mlchoose.data.models import Program, Source

UNKNOWN_TEXT = "unknown"
#: Points below this are too small to name as a reason.
SMALL = 0.05
PER_TEXT = {
    "program": "whole program",
    "year": "per year",
    "term": "per term",
    "credit": "per credit",
}


def delivery(program: Program) -> str:
    fact = program["delivery"]
    return UNKNOWN_TEXT if fact is None else ", ".join(fact["modes"])


def duration(program: Program) -> str:
    fact = program["duration"]
    if fact is None:
        return UNKNOWN_TEXT
    if fact["months_min"] == fact["months_max"]:
        return f"{fact['months_min']} months"
    return f"{fact['months_min']}-{fact['months_max']} months"


def tuition(program: Program, sources: Mapping[str, Source]) -> str:
    fact = program["tuition"]
    if fact is None:
        return UNKNOWN_TEXT
    source = sources.get(fact["source"])
    year = f" ({source['year']})" if source is not None else ""
    return f"${fact['amount_usd']:,.0f} {PER_TEXT[fact['per']]}{year}"


def tracks(program: Program) -> str:
    fact = program["specializations"]
    if fact is None:
        return UNKNOWN_TEXT
    return str(len(fact["tracks"])) if fact["tracks"] else "none"


def faculty(program: Program) -> str:
    fact = program["faculty"]
    if fact is None:
        return UNKNOWN_TEXT
    window = fact.get("window", "2008-2017")
    return f"{fact['ai_faculty']} AI faculty, {fact['ai_adjusted_pubs']:g} adj. pubs ({window})"


def score(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f}"


#: The region score without a preferred region: neutral, not unknown; and what it means, in
#: every view's legend.
NEUTRAL = "-"
NEUTRAL_LEGEND = "Region -: no preferred region given (--prefer-region), so it counts for none."


def neutral(item: CriterionScore) -> bool:
    """Region when no region is preferred: a neutral criterion, not a gap in the data ('?'
    would send a student looking for a fact that does not exist)."""
    return item.score is None and item.criterion == "region"


def score_of(item: CriterionScore) -> str:
    """A criterion's score as shown: '-' when neutral, '?' when unknown."""
    return NEUTRAL if neutral(item) else score(item.score)


def total(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f}"


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


def money(amount: float) -> str:
    return f"${amount:,.0f}"


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


def funding(program: Program) -> str:
    """Funding that changes what a student pays, in words ('none recorded': the catalog
    records funding only where a source states it, so its absence is not 'no funding')."""
    fact = program["funding"]
    return "none recorded" if fact is None else fact["text"]


def credits(program: Program) -> str:
    fact = program["credits"]
    return UNKNOWN_TEXT if fact is None else f"{fact['amount']:g} {fact['unit']}"


def terms(program: Program) -> str:
    fact = program["terms"]
    if fact is None:
        return UNKNOWN_TEXT
    span = str(fact["min"]) if fact["min"] == fact["max"] else f"{fact['min']}-{fact['max']}"
    return f"{span} {fact.get('kind', 'semester')}s"


def fees(program: Program) -> str:
    fact = program["fees"]
    return UNKNOWN_TEXT if fact is None else f"{money(fact['amount_usd'])} {PER_TEXT[fact['per']]}"


def yes_no(value: bool | None) -> str:
    return UNKNOWN_TEXT if value is None else ("yes" if value else "no")


def part_time(program: Program) -> str:
    fact = program["part_time"]
    return yes_no(None if fact is None else fact["allowed"])


def stem(program: Program) -> str:
    """'yes (CIP 11.0701, on the DHS STEM list)', or the school's own word."""
    fact = program["stem"]
    if fact is not None and "cip" in fact and program.get("cip") is not None:
        listed = "on the DHS STEM list" if fact["stem"] else "not on the DHS STEM list"
        return f"{yes_no(fact['stem'])} (CIP {fact['cip']}, {listed})"
    if fact is None:
        return UNKNOWN_TEXT
    cip = f" (CIP {fact['cip']})" if "cip" in fact else ""
    return yes_no(fact["stem"]) + cip


def gre(program: Program) -> str:
    fact = program["gre"]
    return UNKNOWN_TEXT if fact is None else f"{fact['policy']} ({fact['cycle']})"


def deadline(program: Program, today: dt.date | None = None) -> str:
    """The date and its admission cycle; a date already passed says so (an old cycle)."""
    fact = program["deadline"]
    if fact is None:
        return UNKNOWN_TEXT
    past = _passed(fact["date"], today)
    return f"{fact['date']} ({fact['cycle']}{', past cycle' if past else ''})"


def deadline_short(program: Program, today: dt.date | None = None) -> str:
    """The date alone, marked when its cycle has passed (for a table column)."""
    fact = program["deadline"]
    if fact is None:
        return UNKNOWN_TEXT
    return f"{fact['date']} past" if _passed(fact["date"], today) else fact["date"]


def _passed(date: str, today: dt.date | None) -> bool:
    return dt.date.fromisoformat(date) < (today or dt.date.today())


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


def start_terms(program: Program) -> str:
    fact = program["start_terms"]
    return UNKNOWN_TEXT if fact is None else ", ".join(fact["terms"])


def thesis(program: Program) -> str:
    fact = program["thesis"]
    return UNKNOWN_TEXT if fact is None else fact["option"]


def outcomes(program: Program) -> str:
    fact = program["outcomes"]
    if fact is None:
        return UNKNOWN_TEXT
    parts = []
    if "placement_rate" in fact:
        parts.append(f"{100 * fact['placement_rate']:.0f}% placed")
    if "median_salary_usd" in fact:
        parts.append(f"median salary {money(fact['median_salary_usd'])}")
    return ", ".join(parts) + f" ({fact['counted']})"


#: Fact columns ``rank --facts`` can add: name -> (header, text of a result).
FACT_COLUMNS: dict[str, tuple[str, Callable[[ProgramResult], str]]] = {
    "cost": ("Cost", lambda r: cost(r.cost) + (" (funded)" if r.program["funding"] else "")),
    "months": ("Months", lambda r: duration(r.program).removesuffix(" months")),
    "credits": ("Credits", lambda r: credits(r.program)),
    "delivery": ("Delivery", lambda r: delivery(r.program)),
    "stem": ("STEM", lambda r: stem(r.program)),
    "gre": ("GRE", lambda r: gre(r.program).split(" (")[0]),
    "deadline": ("Deadline", lambda r: deadline_short(r.program)),
    "part-time": ("Part-time", lambda r: part_time(r.program)),
}


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
