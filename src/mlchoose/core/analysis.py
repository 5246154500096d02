"""Decision support beyond one weighted sum: tipping points, "why", and ``assess``.

Pure functions over the numbers ``ranking`` already computes; nothing here prints. Every function
takes the same three inputs:

* ``scores``: program id -> criterion -> score in [0, 1], ``None`` where unknown (see
  :func:`score_table`);
* ``stand_in``: criterion -> the catalog-wide stand-in for an unknown score, exactly as
  :func:`mlchoose.core.ranking.stand_ins` returns it (``None`` where no program knows the
  criterion);
* ``weights``: the applied weights of :func:`mlchoose.core.ranking.applied_weights`.

Totals are those of :func:`mlchoose.core.ranking.combine` (it is called, not re-implemented), and
orders are those of :func:`mlchoose.core.ranking.order`: higher total first, ties broken by id.

Robustness sampling (with NumPy) lives in :mod:`mlchoose.core.robustness` and AHP in
:mod:`mlchoose.core.ahp`, so that ``rank`` and ``compare`` load neither unless asked; dominance
in :mod:`mlchoose.core.dominance`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.core.dominance import Dominance, certain_dominance
from mlchoose.core.ranking import order
from mlchoose.core.scores import (
    DIGITS,
    ScoreRow,
    ScoreTable,
    check_weights,
    combined,
    range_table,
    score_table,
    value_of,
)
from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.vocab import (
    ALL_CRITERIA,
    Criterion,
    criteria_of,
)

if TYPE_CHECKING:
    from mlchoose.core.query import Robust
    from mlchoose.core.ranking import Comparison, ProgramResult, Ranking
    from mlchoose.core.robustness import Robustness

# --------------------------------------------------------------------------------------------
# Tipping points
# --------------------------------------------------------------------------------------------

#: Below this (in 0-1 score units of a weighted difference), two programs count as level: float
#: noise never creates or hides a flip. Totals are rounded to 1e-9 points = 1e-11 of these.
_LEVEL = 1e-12


class CriterionTip(NamedTuple):
    """How far one criterion's weight, or one program's score on it, is from flipping a pair."""

    criterion: Criterion
    #: Its applied weight now (weights normalised to sum 1).
    weight: float
    #: The weight at which the two totals are equal, the other weights rescaled proportionally
    #: to keep the sum 1; past it the trailer is ahead (when the two are tied now, it is the
    #: weight now). None: no weight in [0, 1] puts the trailer strictly ahead (or the weight is
    #: already 1 and the others have no proportions to rescale).
    flip_weight: float | None
    #: margin / weight: points of 0-1 score by which the leader's score on it would have to fall,
    #: or the trailer's rise, for the two to tie (None for an unweighted or unscored criterion).
    score_change: float | None
    #: Scores (None: unknown, the stand-in counts) and the score at which each alone ties the
    #: pair; past it the order flips. None where that score lies outside [0, 1].
    leader_score: float | None
    leader_flip: float | None
    trailer_score: float | None
    trailer_flip: float | None


class Tipping(NamedTuple):
    leader: str
    trailer: str
    #: Total points between them (None where a total is unknown: then every tip is None).
    margin: float | None
    tips: tuple[CriterionTip, ...]


def _pair(
    scores: ScoreTable, stand_in: ScoreRow, weights: Mapping[Criterion, float], a: str, b: str
) -> tuple[str, str, float | None]:
    """Leader, trailer (in ``ranking.order``'s order) and the margin in points."""
    if a == b:
        raise MlchooseError(f"a program is named twice: {a}", USAGE_ERROR)
    totals = {p: combined(scores[p], weights, stand_in).total for p in (a, b)}
    leader, trailer = order(totals)
    first, second = totals[leader], totals[trailer]
    return leader, trailer, None if first is None or second is None else first - second


def _differences(
    leader: ScoreRow, trailer: ScoreRow, stand_in: ScoreRow
) -> dict[Criterion, float | None]:
    """Per criterion, leader's value - trailer's (None where neither has a value)."""
    found: dict[Criterion, float | None] = {}
    for criterion in criteria_of(stand_in):
        first = value_of(leader, stand_in, criterion)
        second = value_of(trailer, stand_in, criterion)
        if (first is None) != (second is None):
            raise ValueError(
                f"{criterion}: one program has a value and the other none; "
                "the stand-ins do not come from the same catalog as the scores"
            )
        found[criterion] = None if first is None or second is None else first - second
    return found


def tipping_points(
    scores: ScoreTable, stand_in: ScoreRow, weights: Mapping[Criterion, float], a: str, b: str
) -> Tipping:
    """Exact tipping points of a weighted sum, per criterion: weights and scores.

    Weights. Let w be the applied weights (sum 1), v the values a total uses (score, else
    stand-in) and d_i = v_leader,i - v_trailer,i (0 where neither has a value: such a criterion
    is in neither total). Both totals divide by the same n = sum of the weights in use, so

        margin = T_leader - T_trailer = 100 / n x sum_i w_i d_i.

    Set w_k to t and scale every other weight by (1 - t) / (1 - w_k), so the sum stays 1. With
    R_k = sum_{i != k} w_i d_i / (1 - w_k), the weighted mean difference on the other criteria,

        margin(t) = 100 / n(t) x [ t d_k + (1 - t) R_k ] = 100 / n(t) x [ R_k + t (d_k - R_k) ],

    and n(t) > 0, so the sign of the margin is that of a linear function of t, positive-or-zero
    at t = w_k, which is zero at

        t* = R_k / (R_k - d_k).

    The trailer gets strictly ahead for some t in [0, 1] iff that function is negative at an
    end: R_k < 0 (t = 0, all weight on the other criteria) or d_k < 0 (t = 1, all on k); then
    t* is inside and is returned. A criterion in neither total (d_k = 0 by definition, and it
    does not count in n either) can never flip the pair. This is computed, not searched.

    Scores. Lowering the leader's score on k by x lowers its total by 100 w_k x / n, so the two
    tie when x = sum_i w_i d_i / w_k = (margin / 100) / (w_k / n): the margin divided by the
    criterion's effective weight, in points of the 0-1 score. The same change raising the
    trailer's score ties them too. Other programs' stand-ins are held fixed.
    """
    check_weights(weights)
    leader, trailer, margin = _pair(scores, stand_in, weights, a, b)
    criteria = criteria_of(weights)
    weight_sum = math.fsum(weights[c] for c in criteria)
    w = {c: weights[c] / weight_sum for c in criteria}
    diffs = _differences(scores[leader], scores[trailer], stand_in)
    d = {c: 0.0 if v is None else v for c, v in diffs.items()}
    weighted = math.fsum(w[c] * d[c] for c in criteria if diffs.get(c) is not None)
    tips = []
    for k in criteria:
        flip_weight = None
        if margin is not None and diffs[k] is not None and w[k] < 1.0:
            rest = math.fsum(w[c] * d.get(c, 0.0) for c in criteria if c != k) / (1.0 - w[k])
            if min(rest, d[k]) < -_LEVEL:
                flip_weight = min(1.0, max(0.0, rest / (rest - d[k])))
        change = leader_flip = trailer_flip = None
        leader_score, trailer_score = scores[leader].get(k), scores[trailer].get(k)
        if margin is not None and diffs[k] is not None and w[k] > 0:
            change = max(0.0, weighted) / w[k]
            leader_value = value_of(scores[leader], stand_in, k)
            trailer_value = value_of(scores[trailer], stand_in, k)
            assert leader_value is not None and trailer_value is not None
            if leader_value - change >= -_LEVEL:
                leader_flip = max(0.0, leader_value - change)
            if trailer_value + change <= 1.0 + _LEVEL:
                trailer_flip = min(1.0, trailer_value + change)
        tips.append(
            CriterionTip(
                criterion=k,
                weight=w[k],
                flip_weight=flip_weight,
                score_change=change,
                leader_score=leader_score,
                leader_flip=leader_flip,
                trailer_score=trailer_score,
                trailer_flip=trailer_flip,
            )
        )
    return Tipping(leader, trailer, margin, tuple(tips))


class Reason(NamedTuple):
    criterion: Criterion
    #: The leader's points on this criterion minus the trailer's (> 0 favours the leader).
    points: float
    #: Scores (None: unknown, so the points come from the stand-in).
    leader_score: float | None
    trailer_score: float | None
    #: Set when the lead on this criterion rests on a gap in the data: the losing program's
    #: range still reaches the winning program's value ("only because ... is partial").
    caveat: str | None = None


class Why(NamedTuple):
    leader: str
    trailer: str
    margin: float | None
    #: The criteria that decide, largest |points| first, at most ``limit`` of them, none level.
    reasons: tuple[Reason, ...]
    #: What the other criteria add up to: margin = sum of the reasons' points + rest.
    rest: float


def why(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    a: str,
    b: str,
    *,
    limit: int = 3,
) -> Why:
    """The two or three criteria that decide between two programs, as data.

    A weighted sum is additive, so its margin splits exactly into per-criterion contribution
    differences (points of ``combine``'s ``contributions``: 100 w_k v_k / n); the criteria with
    the largest absolute differences are the ones that decide (the "contribution difference"
    explanation of additive value models, e.g. Belton & Stewart, Multiple Criteria Decision
    Analysis, 2002, ch. 6). Ties in size go by criterion order; wording is left to the views.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    leader, trailer, margin = _pair(scores, stand_in, weights, a, b)
    first = combined(scores[leader], weights, stand_in).contributions
    second = combined(scores[trailer], weights, stand_in).contributions
    reasons = []
    for criterion in criteria_of(weights):
        points = (first[criterion] or 0.0) - (second[criterion] or 0.0)
        if round(points, DIGITS) != 0:
            reasons.append(
                Reason(
                    criterion,
                    points,
                    scores[leader].get(criterion),
                    scores[trailer].get(criterion),
                )
            )
    reasons.sort(key=lambda r: (-round(abs(r.points), DIGITS), ALL_CRITERIA.index(r.criterion)))
    shown = tuple(reasons[:limit])
    rest = (margin or 0.0) - math.fsum(r.points for r in shown)
    return Why(leader, trailer, margin, shown, 0.0 if round(rest, DIGITS) == 0 else rest)


# --------------------------------------------------------------------------------------------
# What rank adds: dominance, robustness on request, --pareto; and what compare adds
# --------------------------------------------------------------------------------------------


class Assessment(NamedTuple):
    """What ``rank`` adds to a ranking: who is dominated, and (if asked) how sure the order is."""

    dominance: Dominance
    robustness: Robustness | None  # None unless asked for: --robust


def assess(ranking: Ranking, robust: Robust | None = None) -> Assessment:
    """Certain dominance among every ranked program and, when ``robust`` is asked for, SMAA
    rank acceptability: weights drawn around the user's and, unless ``robust.data`` is False,
    every uncertain score drawn inside its range."""
    scores = score_table(ranking.everything)
    ranges = range_table(ranking.everything)
    stand_in = dict(ranking.stand_ins)
    ranked = [r.program["id"] for r in ranking.everything]
    found = (
        certain_dominance(ranges, stand_in, ranking.weights, ranked)
        if scores
        else Dominance({}, frozenset())
    )
    spread = None
    if robust is not None and scores:
        from mlchoose.core.robustness import robustness

        spread = robustness(
            scores,
            stand_in,
            ranking.weights,
            samples=robust.samples,
            seed=robust.seed,
            concentration=robust.concentration,
            ranges=ranges if robust.data else None,
        )
    return Assessment(found, spread)


def shortlist_robustness(ranking: Ranking, robust: Robust) -> Robustness | None:
    """Rank acceptability among the programs shown (``ranking.results``, e.g. a report's
    ``--top 10``), with the catalog-wide stand-ins: ranks 1..len(shown), at the cost of the
    shortlist alone whatever the catalog's size. None without programs."""
    scores = score_table(ranking.results)
    if not scores:
        return None
    from mlchoose.core.robustness import robustness

    return robustness(
        scores,
        dict(ranking.stand_ins),
        ranking.weights,
        samples=robust.samples,
        seed=robust.seed,
        concentration=robust.concentration,
        ranges=range_table(ranking.results) if robust.data else None,
    )


def pareto_only(ranking: Ranking, found: Dominance) -> Ranking:
    """The ranking without dominated programs (their ranks stay those of the full list)."""
    kept = tuple(r for r in ranking.results if r.program["id"] not in found.dominated)
    note = f"{{pareto}}: {len(ranking.results) - len(kept)} dominated programs left out"
    return ranking._replace(results=kept, notes=(*ranking.notes, note))


def pair(
    comparison: Comparison,
) -> tuple[Tipping, Why]:
    """Tipping points and the deciding criteria between a comparison's first two programs."""
    results = comparison.results
    scores = score_table(results)
    stand_in = dict(results[0].stand_ins)
    a, b = results[0].program["id"], results[1].program["id"]
    reasons = why(scores, stand_in, comparison.weights, a, b)
    by_id = {r.program["id"]: r for r in results[:2]}
    caveated = tuple(_caveat(r, by_id, reasons) for r in reasons.reasons)
    return (
        tipping_points(scores, stand_in, comparison.weights, a, b),
        reasons._replace(reasons=caveated),
    )


def _caveat(reason: Reason, by_id: Mapping[str, ProgramResult], found: Why) -> Reason:
    """The reason, with a caveat when the loser's range on it reaches the winner's value."""
    winner, loser = (
        (found.leader, found.trailer) if reason.points > 0 else (found.trailer, found.leader)
    )
    won, lost = by_id[winner], by_id[loser]
    criterion = reason.criterion
    mine = lost.scores[criterion]
    theirs = won.scores[criterion]
    value = theirs.score if theirs.score is not None else won.stand_ins[criterion]
    if mine.exact or value is None or mine.high < value - 1e-9:
        return reason
    gap = mine.gap or f"{criterion} unknown"
    return reason._replace(caveat=f"only because {loser}'s evidence is incomplete ({gap})")
