"""Filters on facts, with one rule for facts that cannot settle them.

A filter answers yes, no or unknown for a program. Programs answering "no" are dropped. A
program **could pass** when no filter says no but one cannot say yes for certain: its deciding
fact is unknown (or a range spans the limit), disputed between sources, only likely (STEM status
inferred from the field of study), inferred or given by secondary sources only. Could-pass
programs are kept apart, each with the facts in question named ("total cost unknown", "STEM
status likely"), so thin data never hides and a student never meets a bare "no program passes"
while some could; ``--keep-unknown`` ranks them with the others, for scripts. For a range (a
cost or a length that depends on the terms taken) the answer is yes only if the whole range
passes, no if none of it does, and unknown in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.core.costs import total_cost

if TYPE_CHECKING:
    from mlchoose.data.models import Program, Source
    from mlchoose.vocab import Delivery, Region


class Filter(NamedTuple):
    """A named test: True (keep), False (drop) or None (the fact is unknown)."""

    name: str
    fact: str
    test: Callable[[Program], bool | None]
    #: For an unknown answer, what is in question, in words (default: "<fact> unknown").
    blame: Callable[[Program], str] | None = None
    #: The catalog facts a pass rests on (or a function naming them for a program): one of them
    #: disputed, only likely, inferred or secondary makes the pass a "could pass" (see
    #: ``registry.doubt``).
    rests_on: tuple[str, ...] | Callable[[Program], tuple[str, ...]] = ()


class Filtered(NamedTuple):
    #: Programs that pass for certain (and, with ``--keep-unknown``, those that could).
    kept: list[Program]
    #: Programs dropped because a filter said no.
    failed: int
    #: What is in question -> programs ("cost unknown" -> 23, "STEM likely" -> 3).
    unknown: dict[str, int]
    kept_unknown: bool
    #: Program id -> the facts in question, for every program that could pass.
    doubts: dict[str, tuple[str, ...]]
    #: The programs that could pass, set apart (empty with ``--keep-unknown``: they are kept).
    could: list[Program]

    @property
    def dropped_unknown(self) -> int:
        """Programs that could pass, set apart (0 when they are kept)."""
        return len(self.could)


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

    return Filter(f"delivery {mode}", "delivery", test, rests_on=("delivery",))


def max_cost(limit: float) -> Filter:
    """Keep a total cost within ``limit``; with unknown fees the total is a range (tuition
    alone up to tuition plus the fee bound), so only a range that spans the limit is unknown."""

    def test(program: Program) -> bool | None:
        cost = total_cost(program)
        return _within(cost.low, cost.high, limit)

    def blame(program: Program) -> str:
        cost = total_cost(program)
        if cost.low is None or cost.high is None:
            return "cost unknown"
        under = cost.tuition_high is not None and cost.tuition_high <= limit
        return "fees unknown" if under and not cost.fees_included else "cost spans the limit"

    def inputs(program: Program) -> tuple[str, ...]:
        """The facts the cost formula used (credits count only for a price per credit)."""
        return total_cost(program).inputs

    return Filter(f"total cost <= ${limit:,.0f}", "cost", test, blame, rests_on=inputs)


def max_months(limit: int) -> Filter:
    def test(program: Program) -> bool | None:
        fact = program["duration"]
        return None if fact is None else _within(fact["months_min"], fact["months_max"], limit)

    def blame(program: Program) -> str:
        return "duration unknown" if program["duration"] is None else "duration spans the limit"

    return Filter(f"at most {limit} months", "duration", test, blame, rests_on=("duration",))


def stem(stated_only: bool = False) -> Filter:
    """STEM status yes; a status that is only likely (inferred from the field of study) could
    pass, as could a disputed one. ``stated_only`` drops the likely ones."""

    def test(program: Program) -> bool | None:
        fact = program["stem"]
        if fact is None:
            return None
        if stated_only and fact.get("basis") == "inferred":
            return False
        return fact["stem"]

    name = "STEM-designated (stated)" if stated_only else "STEM-designated"
    return Filter(name, "STEM", test, rests_on=("stem",))


def min_earnings(limit: float) -> Filter:
    """Median earnings one year after completion (College Scorecard, the institution's whole
    field) of at least ``limit``; not published or not listed is unknown."""

    def test(program: Program) -> bool | None:
        fact = program["earnings"]
        if fact is None or "earnings_1yr" not in fact:
            return None
        return fact["earnings_1yr"] >= limit

    # The figure is the field's at the university: an inferred field makes it could-pass.
    return Filter(
        f"graduate earnings >= ${limit:,.0f}", "graduate earnings", test, rests_on=("cip",)
    )


def in_person() -> Filter:
    """On campus or hybrid: a degree an F-1 visa can be studied for (online-only cannot)."""

    def test(program: Program) -> bool | None:
        fact = program["delivery"]
        return None if fact is None else bool({"on-campus", "hybrid"} & set(fact["modes"]))

    return Filter("on campus or hybrid (F-1)", "delivery", test, rests_on=("delivery",))


def no_gre() -> Filter:
    def test(program: Program) -> bool | None:
        fact = program["gre"]
        return None if fact is None else fact["policy"] != "required"

    return Filter("GRE not required", "GRE policy", test, rests_on=("gre",))


def part_time() -> Filter:
    def test(program: Program) -> bool | None:
        fact = program["part_time"]
        return None if fact is None else fact["allowed"]

    return Filter("part-time possible", "part-time", test, rests_on=("part_time",))


def apply(
    programs: Iterable[Program],
    filters: Sequence[Filter],
    keep_unknown: bool,
    sources: Mapping[str, Source] | None = None,
) -> Filtered:
    """The programs that pass every filter, and apart those that could (kept with them if
    asked); ``sources``: the catalog's shared sources, whose kinds say a fact's basis."""
    if not filters:  # the usual case, and a large catalog's rank should not pay for the loop
        return Filtered(list(programs), 0, {}, keep_unknown, {}, [])
    from mlchoose.data.registry import doubt

    kept: list[Program] = []
    could: list[Program] = []
    failed = 0
    unknown: dict[str, int] = {}
    doubts: dict[str, tuple[str, ...]] = {}
    for program in programs:
        answers = [(f, f.test(program)) for f in filters]
        if any(answer is False for _, answer in answers):
            failed += 1
            continue
        known = {**(sources or {}), **program["sources"]}
        found: list[str] = []
        for f, answer in answers:
            if answer is None:
                found.append(f.blame(program) if f.blame else f"{f.fact} unknown")
            keys = f.rests_on(program) if callable(f.rests_on) else f.rests_on
            said = [d for key in keys if (d := doubt(program, key, known)) is not None]
            found += [f"{f.fact} {word}" for word in dict.fromkeys(said)]
        found = list(dict.fromkeys(found))
        for item in found:
            unknown[item] = unknown.get(item, 0) + 1
        if found:
            doubts[program["id"]] = tuple(found)
            if not keep_unknown:
                could.append(program)
                continue
        kept.append(program)
    return Filtered(kept, failed, unknown, keep_unknown, doubts, could)


def summary(result: Filtered) -> str | None:
    """One line on what the filters set apart or dropped, or None when they did neither."""
    if not result.failed and not result.unknown:
        return None
    parts = []
    if result.failed:
        parts.append(f"{result.failed} dropped by the filters")
    if result.unknown:
        detail = ", ".join(f"{fact} {n}" for fact, n in result.unknown.items())
        if result.kept_unknown:
            parts.append(f"kept although a deciding fact is in question ({detail})")
        else:
            parts.append(
                f"{result.dropped_unknown} could pass but a deciding fact is in question "
                f"({detail}; a range that spans the limit counts as unknown; listed apart, "
                "{keep_unknown} ranks them with the others)"
            )
    return "filters: " + "; ".join(parts)
