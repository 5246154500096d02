"""Short human phrases for a program's facts, shared by every human-readable view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlchoose.models import Program, Source

UNKNOWN_TEXT = "unknown"
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


def total(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f}"


def percent(value: float) -> str:
    return f"{100 * value:.0f}%"
