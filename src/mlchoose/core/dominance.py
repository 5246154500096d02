"""Dominance: programs that no positive weights can put first, as the totals see them or for
certain (whatever facts are still to be found).

Split from :mod:`mlchoose.core.analysis` (issue 20). The Pareto front by the simple form of
Kung, Luccio & Preparata (J. ACM 22(4), 1975).
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from mlchoose.core.ranking import order
from mlchoose.core.scores import (
    DIGITS,
    RangeTable,
    ScoreRow,
    ScoreTable,
    check_weights,
    totals_of,
    value_of,
)
from mlchoose.vocab import CRITERIA, Criterion


class Dominance(NamedTuple):
    #: Dominated id -> one program that dominates it: the best-ranked non-dominated such one.
    dominated: Mapping[str, str]
    #: The non-dominated programs (the Pareto set).
    pareto: frozenset[str]


def dominance(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    ranked: Sequence[str] | None = None,
) -> Dominance:
    """Programs that no positive weights can put first: dominance on the weighted criteria.

    Q dominates P when Q is at least as good as P on every criterion with positive weight and
    strictly better on one (Pareto dominance). Then Q's total beats P's under any weights that
    keep those criteria positive, so P is never a rational first choice. Unknown scores count
    as their stand-ins, the values the totals use: "dominated" describes the programs as the
    ranking sees them, and a program whose unknown scores might turn out better is not spared.
    Criteria that no program has a value for are in no total and are skipped. Values are
    compared rounded to 9 digits, so float noise never makes one program "better".

    Method: the distinct value vectors are sorted in descending lexicographic order, where every
    dominator comes before what it dominates; a vector is dominated iff a non-dominated vector
    before it dominates it (dominance is transitive), so each is compared only with the Pareto
    set found so far (Kung, Luccio & Preparata, J. ACM 22(4), 1975, the simple form).
    """
    check_weights(weights)
    used = [c for c in CRITERIA if weights[c] > 0 and stand_in[c] is not None]
    vectors: dict[tuple[float, ...], list[str]] = {}
    for ident, row in scores.items():
        values = []
        for criterion in used:
            value = value_of(row, stand_in, criterion)
            assert value is not None
            values.append(round(value, DIGITS))
        vectors.setdefault(tuple(values), []).append(ident)
    # ``ranked``: the ids in rank order, when the caller has it (the totals need not be redone).
    ranked = ranked if ranked is not None else order(totals_of(scores, stand_in, weights))
    position = {ident: place for place, ident in enumerate(ranked)}
    best = {v: min(ids, key=position.__getitem__) for v, ids in vectors.items()}
    # The non-dominated vectors so far as (rank of their best program, vector), best first: the
    # first one that dominates a vector is its best-ranked dominator, so the scan stops there.
    front: list[tuple[int, tuple[float, ...]]] = []
    dominated: dict[str, str] = {}
    for vector in sorted(vectors, reverse=True):
        by = next((f for _, f in front if _dominates(f, vector)), None)
        if by is None:
            bisect.insort(front, (position[best[vector]], vector))
        else:
            for ident in vectors[vector]:
                dominated[ident] = best[by]
    pareto = frozenset(ident for _, vector in front for ident in vectors[vector])
    return Dominance(dominated, pareto)


def certain_dominance(
    ranges: RangeTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    ranked: Sequence[str],
) -> Dominance:
    """Programs another beats for certain: its ``low`` at or above their ``high`` on every
    weighted criterion, and above on one, so no fact still to be found can reverse it.

    A dominator can be taken from the Pareto front of the ``low`` vectors: if Q's lows beat P's
    highs, so does any front vector at or above Q's lows (Kung et al. for the front, as
    :func:`dominance`). P's own lows never beat its highs strictly, so P never dominates itself.
    """
    check_weights(weights)
    used = [c for c in CRITERIA if weights[c] > 0 and stand_in[c] is not None]
    position = {ident: place for place, ident in enumerate(ranked)}
    lows = {i: tuple(round(ranges[i][c][0], DIGITS) for c in used) for i in ranked}
    best: dict[tuple[float, ...], str] = {}
    for ident in ranked:
        best.setdefault(lows[ident], ident)
    front: list[tuple[int, tuple[float, ...]]] = []
    for vector in sorted(best, reverse=True):
        if not any(_dominates(f, vector) for _, f in front):
            bisect.insort(front, (position[best[vector]], vector))
    dominated: dict[str, str] = {}
    for ident in ranked:
        high = tuple(round(ranges[ident][c][1], DIGITS) for c in used)
        by = next((f for _, f in front if _dominates(f, high) and best[f] != ident), None)
        if by is not None:
            dominated[ident] = best[by]
    return Dominance(dominated, frozenset(i for i in ranked if i not in dominated))


def _dominates(first: tuple[float, ...], second: tuple[float, ...]) -> bool:
    return first != second and all(map(operator.ge, first, second))
