"""A program's total split into the points each criterion adds, for every view that draws bars.

Rich-free, so the report's SVG and Markdown share the terminal bars' segments without loading
Rich. The points come from :attr:`ProgramResult.contributions`; nothing here computes a score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.vocab import Criterion, criteria_of

if TYPE_CHECKING:
    from mlchoose.core.ranking import ProgramResult


class Segment(NamedTuple):
    """Points one criterion adds to a total; ``stand_in`` when they rest on the stand-in."""

    criterion: Criterion
    points: float
    stand_in: bool


def segments(result: ProgramResult, criteria: Iterable[Criterion] | None = None) -> list[Segment]:
    """The program's contributions in criterion order, leaving out criteria that add nothing."""
    found = []
    for criterion in criteria_of(result.contributions) if criteria is None else criteria:
        points = result.contributions[criterion]
        if points is not None and points > 0:
            found.append(Segment(criterion, points, result.scores[criterion].score is None))
    return found


def weighted(weights: Mapping[Criterion, float]) -> list[Criterion]:
    """The criteria that can add points: those with a positive applied weight."""
    return [c for c in criteria_of(weights) if weights[c] > 0]
