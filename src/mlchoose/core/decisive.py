"""Which uncertain scores are drawn, and which of them alone could change who ranks first.

Split from :mod:`mlchoose.core.robustness` (issue 20): exact, one-at-a-time arithmetic on the
weighted sum, without NumPy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from mlchoose.core.ranking import order
from mlchoose.core.scores import (
    Interval,
    RangeTable,
    ScoreRow,
    ScoreTable,
    combined,
    value_of,
)
from mlchoose.vocab import ALL_CRITERIA, Criterion, criteria_of

#: Points by which a linear estimate of a total is surely on one side of a rival's.
_CLEAR = 1e-6


class DecisiveUnknown(NamedTuple):
    """An unknown score whose true value, alone, could change who ranks first."""

    program: str
    criterion: Criterion
    stand_in: float
    interval: Interval
    #: The value at which this program's total equals its rival's: the winner changes beyond it
    #: (above it for a challenger, below it for the current winner; at it, ties go by id).
    threshold: float
    new_winner: str
    #: Share of the interval beyond the threshold: the chance of a flip if the score is uniform
    #: on the interval and everything else stays as it is.
    chance: float


def drawn_cells(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    ranges: RangeTable,
) -> dict[tuple[str, Criterion], Interval]:
    """The scores that are drawn, each with its range: the open ranges of weighted criteria
    that the total uses (a score or a stand-in)."""
    found: dict[tuple[str, Criterion], Interval] = {}
    for ident, row in scores.items():
        for criterion in criteria_of(weights):
            if weights[criterion] <= 0 or value_of(row, stand_in, criterion) is None:
                continue
            low, high = ranges[ident][criterion]
            if high - low > 1e-9:
                found[ident, criterion] = (low, high)
    return found


def decisive(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    cells: Mapping[tuple[str, Criterion], Interval],
    totals: Mapping[str, float | None],
    ranked: Sequence[str],
) -> tuple[DecisiveUnknown, ...]:
    """The drawn ``cells`` that, resolved alone within their range, change the winner of
    ``ranked``, likeliest first.

    One-at-a-time and exact for the weighted sum: at the user's weights, with every other
    score at its point, a program's total is linear in one of its scores x, with slope
    100 w_k / (sum of the weights it uses). A challenger P takes the first place from the
    winner W when x rises to s + (T_W - T_P) / slope (s the point); W loses it to the
    runner-up R when x falls to s - (T_W - T_R) / slope. Only thresholds inside the range
    count; whether the end of the range flips the order is checked with ``ranking.order``
    itself, ties by id. Simplification (documented, not hidden): learning an unknown score
    would also move that criterion's stand-in for the other unknown programs; that
    second-order effect is ignored here.
    """
    if not cells or len(ranked) < 2 or any(totals[i] is None for i in ranked[:2]):
        return ()
    winner, runner = ranked[0], ranked[1]
    found = []
    norms: dict[str, float] = {}
    for (ident, criterion), (low, high) in sorted(cells.items()):
        row = scores[ident]
        total = totals[ident]
        base = value_of(row, stand_in, criterion)
        if total is None or base is None or high <= low:
            continue
        norm = norms.get(ident)
        if norm is None:
            norm = norms[ident] = math.fsum(
                weights[c]
                for c in criteria_of(weights)
                if weights[c] > 0 and value_of(row, stand_in, c) is not None
            )
        slope = 100.0 * weights[criterion] / norm
        if ident == winner:  # its score falling may let the runner-up pass it
            other, new_winner, extreme = runner, runner, low
            other_total = totals[runner]
            assert other_total is not None
            threshold = base - (total - other_total) / slope
            beyond = threshold - low
        else:  # its score rising may let it pass the winner
            other, new_winner, extreme = winner, ident, high
            other_total = totals[winner]
            assert other_total is not None
            threshold = base + (other_total - total) / slope
            beyond = high - threshold
        # The total at the extreme is linear in the score: far from the rival's (more than
        # float noise), it cannot flip, and the exact total below is not needed (big catalogs).
        reach = total + slope * (extreme - base) - other_total
        if (reach < -_CLEAR) if ident != winner else (reach > _CLEAR):
            continue
        moved = combined({**row, criterion: extreme}, weights, stand_in).total
        if order({ident: moved, other: other_total})[0] != new_winner:
            continue
        found.append(
            DecisiveUnknown(
                program=ident,
                criterion=criterion,
                stand_in=base,
                interval=(low, high),
                threshold=min(high, max(low, threshold)),
                new_winner=new_winner,
                chance=min(1.0, max(0.0, beyond / (high - low))),
            )
        )
    found.sort(key=lambda d: (-d.chance, d.program, ALL_CRITERIA.index(d.criterion)))
    return tuple(found)
