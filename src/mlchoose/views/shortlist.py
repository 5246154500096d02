"""What the shared report says in every format (HTML, SVG, Markdown), so the three agree.

Robustness figures arrive as ``id -> (share_first, median_rank, p5, p95)`` (:data:`Figures`),
already computed: the writers only print them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mlchoose.views import facts

if TYPE_CHECKING:
    from mlchoose.core.ranking import ProgramResult, Ranking
    from mlchoose.core.robustness import Robustness

#: Per program id: share of trials ranked first (0-1), median rank, 5th and 95th percentile rank.
Figures = Mapping[str, tuple[float, float, float, float]]

TITLE = "ML master's shortlist"
UNKNOWN_NOTE = (
    "? = unknown: no sourced evidence. An unknown score counts as its stand-in (drawn lighter in "
    "the bars): what the rule gives no evidence, the catalog's base rates (for faculty, the mean "
    "known score), neither punished nor rewarded. Evidence = share of the weight that rests on "
    "the program's own facts."
)


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


#: The dominance mark, as in ``rank``'s table.
DOMINATED = "†"
DOMINATED_NOTE = (
    "† dominated for certain: another program is at least as good on every weighted criterion "
    "whatever its missing facts turn out to be, and better on one."
)
ROBUSTNESS_NOTE = (
    "Among the programs in this report: the share of trials in which the program ranks first, "
    "its median rank, and the range that holds 90% of its ranks (5th to 95th percentile). Each "
    "trial draws the weights around yours and every uncertain score inside its range: how sure "
    "the order is, given what the catalog does not know."
)
