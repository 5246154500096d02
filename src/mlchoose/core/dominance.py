"""Dominance for certain: programs another one beats whatever weights are used and whatever
facts are still to be found.

Split from :mod:`mlchoose.core.analysis` (issue 20). The Pareto front by the simple form of
Kung, Luccio & Preparata (J. ACM 22(4), 1975).
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from mlchoose.core.scores import (
    DIGITS,
    RangeTable,
    ScoreRow,
    check_weights,
)
from mlchoose.vocab import Criterion, criteria_of


class Dominance(NamedTuple):
    #: Dominated id -> a program that dominates it (from the front of the lows, best-ranked).
    dominated: Mapping[str, str]
    #: The non-dominated programs (the Pareto set).
    pareto: frozenset[str]


def certain_dominance(
    ranges: RangeTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    ranked: Sequence[str],
) -> Dominance:
    """Programs another beats for certain: its ``low`` at or above their ``high`` on every
    weighted criterion, and above on one, so no fact still to be found can reverse it.

    A dominator can be taken from the Pareto front of the ``low`` vectors: if Q's lows beat P's
    highs, so does any front vector at or above Q's lows. P's own lows never beat its highs
    strictly, so P never dominates itself.
    """
    check_weights(weights)
    used = [c for c in criteria_of(weights) if weights[c] > 0 and stand_in.get(c) is not None]
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
