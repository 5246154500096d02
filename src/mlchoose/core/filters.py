"""Filters on facts, with one rule for unknown facts.

A filter answers yes, no or unknown for a program. Programs answering "no" are dropped. Programs
answering "unknown" are dropped too, unless the user asks to keep them: a filter is a
requirement, and an unknown fact cannot show that it is met. Either way the result says how many
programs were dropped for unknown facts, so thin data never hides silently. For a range (a cost
or a length that depends on the terms taken) the answer is yes only if the whole range passes,
no if none of it does, and unknown in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.core.costs import total_cost

if TYPE_CHECKING:
    from mlchoose.data.models import Program
    from mlchoose.vocab import Delivery, Region


class Filter(NamedTuple):
    """A named test: True (keep), False (drop) or None (the fact is unknown)."""

    name: str
    fact: str
    test: Callable[[Program], bool | None]
    #: For an unknown answer, which fact made it unknown (default: ``fact``).
    blame: Callable[[Program], str] | None = None
    #: For a pass, whether it rests on an inference ("STEM likely"): counted and said.
    inferred: Callable[[Program], bool] | None = None


class Filtered(NamedTuple):
    kept: list[Program]
    #: Programs dropped because a filter said no.
    failed: int
    #: Programs dropped because a filtered fact is unknown (0 when they are kept).
    dropped_unknown: int
    #: Filtered fact -> programs for which it is unknown (dropped, or kept if asked).
    unknown: dict[str, int]
    kept_unknown: bool
    #: Filtered fact -> kept programs whose pass rests on an inference.
    inferred: dict[str, int]


def _within(low: float | None, high: float | None, limit: float) -> bool | None:
    if low is None or high is None:
        return None
    if high <= limit:
        return True
    return False if low > limit else None


def in_regions(regions: frozenset[Region]) -> Filter:
    return Filter(
        f"region in {', '.join(sorted(regions))}", "region", lambda p: p["region"] in regions
    )


def delivered(mode: Delivery) -> Filter:
    def test(program: Program) -> bool | None:
        fact = program["delivery"]
        return None if fact is None else mode in fact["modes"]

    return Filter(f"delivery {mode}", "delivery", test)


def max_cost(limit: float) -> Filter:
    """Keep a total cost within ``limit``; with unknown fees the total is a range (tuition
    alone up to tuition plus the fee bound), so only a range that spans the limit is unknown."""

    def test(program: Program) -> bool | None:
        cost = total_cost(program)
        return _within(cost.low, cost.high, limit)

    def blame(program: Program) -> str:
        cost = total_cost(program)
        under = cost.tuition_high is not None and cost.tuition_high <= limit
        return "fees only" if under else "total cost"

    return Filter(f"total cost <= ${limit:,.0f}", "total cost", test, blame)


def max_months(limit: int) -> Filter:
    def test(program: Program) -> bool | None:
        fact = program["duration"]
        return None if fact is None else _within(fact["months_min"], fact["months_max"], limit)

    return Filter(f"at most {limit} months", "duration", test)


def _likely(program: Program) -> bool:
    fact = program["stem"]
    return fact is not None and fact.get("basis") == "inferred"


def stem(stated_only: bool = False) -> Filter:
    """STEM status yes, or likely (inferred from the field of study) unless ``stated_only``:
    then an inference is unknown, not a pass."""

    def test(program: Program) -> bool | None:
        fact = program["stem"]
        if fact is None or (stated_only and _likely(program)):
            return None
        return fact["stem"]

    if stated_only:
        return Filter("STEM-designated (stated)", "STEM status", test)
    return Filter("STEM-designated", "STEM status", test, inferred=_likely)


def min_earnings(limit: float) -> Filter:
    """Median earnings one year after completion (College Scorecard, the institution's whole
    field) of at least ``limit``; not published or not listed is unknown."""

    def test(program: Program) -> bool | None:
        fact = program["earnings"]
        if fact is None or "earnings_1yr" not in fact:
            return None
        return fact["earnings_1yr"] >= limit

    return Filter(f"graduate earnings >= ${limit:,.0f}", "graduate earnings", test)


def no_gre() -> Filter:
    def test(program: Program) -> bool | None:
        fact = program["gre"]
        return None if fact is None else fact["policy"] != "required"

    return Filter("GRE not required", "GRE policy", test)


def part_time() -> Filter:
    def test(program: Program) -> bool | None:
        fact = program["part_time"]
        return None if fact is None else fact["allowed"]

    return Filter("part-time possible", "part-time", test)


def apply(programs: Iterable[Program], filters: Sequence[Filter], keep_unknown: bool) -> Filtered:
    """The programs that pass every filter (and, if asked, those only unknown to some)."""
    if not filters:  # the usual case, and a large catalog's rank should not pay for the loop
        return Filtered(list(programs), 0, 0, {}, keep_unknown, {})
    kept: list[Program] = []
    failed = dropped = 0
    unknown: dict[str, int] = {}
    inferred: dict[str, int] = {}
    for program in programs:
        answers = [(f, f.test(program)) for f in filters]
        if any(answer is False for _, answer in answers):
            failed += 1
            continue
        missing = list(
            dict.fromkeys(
                f.blame(program) if f.blame else f.fact for f, answer in answers if answer is None
            )
        )
        for fact in missing:
            unknown[fact] = unknown.get(fact, 0) + 1
        if missing and not keep_unknown:
            dropped += 1
            continue
        for f, answer in answers:
            if answer and f.inferred is not None and f.inferred(program):
                inferred[f.fact] = inferred.get(f.fact, 0) + 1
        kept.append(program)
    return Filtered(kept, failed, dropped, unknown, keep_unknown, inferred)


def summary(result: Filtered) -> str | None:
    """One line on what the filters dropped, or None when they dropped nothing."""
    if not result.failed and not result.unknown and not result.inferred:
        return None
    parts = []
    if result.failed:
        parts.append(f"{result.failed} dropped by the filters")
    if result.unknown:
        detail = ", ".join(f"{fact} {n}" for fact, n in result.unknown.items())
        if result.kept_unknown:
            parts.append(f"kept although a filtered fact is unknown or spans the limit ({detail})")
        else:
            parts.append(
                f"{result.dropped_unknown} dropped for unknown facts ({detail}; a range that "
                "spans the limit counts as unknown; {keep_unknown} keeps them)"
            )
    if result.inferred:
        detail = ", ".join(f"{fact} {n}" for fact, n in result.inferred.items())
        parts.append(
            f"passed only on an inference, shown as 'likely' ({detail}; {{stem_stated}} keeps "
            "stated status only)"
        )
    return "filters: " + "; ".join(parts)
