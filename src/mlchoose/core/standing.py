"""One program's standing, for ``show``: its rank, scores with evidence, and the missing facts
that would most change it.

For each weighted criterion whose score is still a range, the program's total is recomputed
with that score at its low and at its high (every other score as it is), and its rank among
every other program's total as ranked. The facts are listed by how far they could move the
rank, then the total: knowing them is what would settle where the program stands.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.core import stored
from mlchoose.core.criteria import Wide, catalog_wide
from mlchoose.core.ranking import (
    ProgramResult,
    Standings,
    detail_of,
    order,
    rank,
    standings,
    standings_of,
)
from mlchoose.core.rates import base_counts
from mlchoose.vocab import Criterion, criteria_of

if TYPE_CHECKING:
    from mlchoose.core.query import Query
    from mlchoose.data.models import Catalog, Program

#: Totals are compared rounded, as ``ranking.order`` compares them.
DIGITS = 9
#: At most this many facts are listed.
SHOWN = 3


class Discovery(NamedTuple):
    criterion: Criterion
    #: What is missing, in words (the score's ``gap``).
    gap: str
    #: The total and the rank with the score at its low and at its high.
    total_low: float
    total_high: float
    rank_low: int
    rank_high: int


def _total_with(
    result: ProgramResult, weights: Mapping[Criterion, float], c: Criterion, x: float
) -> float:
    """The program's total with criterion ``c``'s score set to ``x``."""
    points = dict(result.contributions)
    norm = sum(
        weights[k] for k in criteria_of(weights) if weights[k] > 0 and points.get(k) is not None
    )
    total = result.total or 0.0
    old = points.get(c)
    if old is None or norm <= 0:
        return total
    return min(100.0, max(0.0, total - old + 100.0 * weights[c] * x / norm))


def _rank_of(total: float, ident: str, others: Sequence[tuple[float, str]]) -> int:
    """Its rank among ``others`` (sorted (-total, id) keys), ties broken by id as ``order``."""
    return bisect.bisect_left(others, (-round(total, DIGITS), ident)) + 1


def discoveries(
    result: ProgramResult, weights: Mapping[Criterion, float], totals: Mapping[str, float | None]
) -> list[Discovery]:
    """The open criteria of ``result`` that could move its rank most, at most SHOWN
    (``totals``: every program's total, by id)."""
    ident = result.program["id"]
    others = sorted(
        (-round(total or 0.0, DIGITS), other) for other, total in totals.items() if other != ident
    )
    found = []
    for criterion in criteria_of(weights):
        score = result.scores[criterion]
        if weights[criterion] <= 0 or score.exact:
            continue
        low = _total_with(result, weights, criterion, score.low)
        high = _total_with(result, weights, criterion, score.high)
        found.append(
            Discovery(
                criterion,
                score.gap or f"{criterion} unknown",
                low,
                high,
                _rank_of(low, ident, others),
                _rank_of(high, ident, others),
            )
        )
    found.sort(key=lambda d: (d.rank_high - d.rank_low, d.total_low - d.total_high))
    return found[:SHOWN]


class Explained(NamedTuple):
    result: ProgramResult
    weights: Mapping[Criterion, float]
    #: Programs in the catalog, for "rank 3 of 39".
    size: int
    #: The missing facts that would most change its standing (``core.standing``).
    discoveries: tuple[Discovery, ...] = ()
    #: What each base rate is estimated from -> on how many programs it rests.
    bases: Mapping[str, int] = {}


def explain(
    catalog: Catalog, program: Program, query: Query, catalog_key: str | None = None
) -> Explained:
    """One program's scores with their evidence, and its rank among the whole catalog.

    Its rank needs every program's total, not every program's result: a 10,000-program
    catalog is scored once, quickly (for an international student the order puts STEM first,
    so the full ranking decides the place). With ``catalog_key`` (the catalog's cache key,
    from ``data.catalog``) the scores are kept in the user cache and read back by later runs
    (``core.stored``): the totals, and so the rank, are the same floats.
    """
    whole = query._replace(explain=False, filters=(), only=None, top=None)
    wide: Wide | None = None
    if query.prefs.international:
        ranking = rank(catalog, whole)
        totals = {r.program["id"]: r.total for r in ranking.everything}
        place = {r.program["id"]: r.rank for r in ranking.everything}
        found = Standings(totals, dict(ranking.stand_ins), dict(ranking.weights))
    else:
        if catalog_key is None:
            found = standings(catalog, whole)
        else:
            criteria = criteria_of(whole.weights.raw)
            kept = stored.scored(catalog, whole.prefs, criteria, catalog_key)
            found, wide = standings_of(kept.columns, whole), kept.wide
        place = {ident: i for i, ident in enumerate(order(found.totals), start=1)}
    detail = detail_of(catalog, program, query, found.stand_ins, wide)
    open_ = discoveries(detail, found.weights, found.totals)
    rates = (wide or catalog_wide(catalog["programs"]))[1]
    return Explained(
        detail._replace(rank=place[program["id"]]),
        found.weights,
        len(found.totals),
        tuple(open_),
        base_counts(rates),
    )
