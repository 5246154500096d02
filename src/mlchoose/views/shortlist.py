"""What the shared report says in every format (HTML, SVG, Markdown), so the three agree.

Robustness figures arrive as ``id -> (share_first, median_rank, p5, p95)`` (:data:`Figures`),
already computed: the writers only print them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from mlchoose.data import registry
from mlchoose.views import facts

if TYPE_CHECKING:
    from mlchoose.core.ranking import ProgramResult, Ranking
    from mlchoose.core.robustness import Robustness

#: Per program id: share of trials ranked first (0-1), median rank, 5th and 95th percentile rank.
Figures = Mapping[str, tuple[float, float, float, float]]

TITLE = "ML master's shortlist"


def region_neutral(ranking: Ranking) -> bool:
    """No preferred region: the region scores are '-' (neutral), which the legend explains."""
    return any(facts.neutral(r.scores["region"]) for r in ranking.results)


def figures(spread: Robustness | None) -> Figures | None:
    """The core's robustness result as the figures each program's line prints."""
    if spread is None:
        return None
    return {r.program: (r.first, r.median, r.low, r.high) for r in spread.results}


def heading(ranking: Ranking) -> str:
    """'3 of 39 programs, best first': says when the report leaves programs out."""
    shown = len(ranking.results)
    of = f"{shown} of {ranking.size}" if shown < ranking.size else f"{shown}"
    return f"{of} program{'s' if ranking.size != 1 else ''}, best first"


def is_web(url: str) -> bool:
    """Only http(s) URLs become links: a catalog's ``javascript:`` or ``file:`` stays text."""
    return urlsplit(url).scheme in ("http", "https")


def source_keys(result: ProgramResult) -> list[str]:
    """Keys of the sources a report lists for a program: the ones it cites, then its own."""
    from mlchoose.data.catalog import cited

    keys = [key for _, key in cited(result.program)]
    keys += [e.source for s in result.scores.values() for e in s.evidence if e.source]
    keys += list(result.program["sources"])
    return [k for k in dict.fromkeys(keys) if k in result.sources]


class CardFact(NamedTuple):
    """One line of a report card's facts; ``source`` is the key it cites, if any."""

    label: str
    text: str
    source: str | None = None
    link: bool = False


def card_facts(result: ProgramResult) -> list[CardFact]:
    """The facts a report card lists (the registry's ``card`` facts, with the computed total
    cost after the prices), then the notes that change how a figure reads; the HTML and the
    Markdown report print this one list."""
    program = result.program
    cost = result.cost
    rows = [
        CardFact("Degree", f"{program['degree']}, {program['department']}"),
        CardFact("Place", f"{program['city']}, {program['state']} ({program['region']})"),
        CardFact("Web", program["url"], link=True),
    ]
    for fact in registry.shown("card"):
        value = program.get(fact.name)
        if value is None and fact.only_known:
            continue
        source = None if not isinstance(value, dict) else value["source"]
        text = registry.described(program, fact.name, result.sources)
        rows.append(CardFact(fact.label, text, source))
        if fact.name == "fees":
            total = facts.cost(cost) + (f" = {cost.formula}" if cost.known else "")
            rows.append(CardFact("Total cost", total))
    rows += [
        CardFact("Course list", program["course_list"]),
        CardFact("Checked", program["checked"]),
    ]
    for fact in registry.shown("card"):
        value = program.get(fact.name)
        if fact.noted and isinstance(value, dict) and "note" in value:
            rows.append(CardFact(f"On {fact.name}", value["note"]))
    return rows
