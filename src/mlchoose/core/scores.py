"""Score tables: the plain input of the decision-support modules (analysis, robustness).

A score table maps program id -> criterion -> score (``None`` where unknown); with the stand-ins
and the applied weights of :mod:`mlchoose.core.ranking` it gives exactly the totals ``rank`` shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from mlchoose.core.criteria import CriterionScore
from mlchoose.core.ranking import Combined, combine
from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.vocab import Criterion, criteria_of

if TYPE_CHECKING:
    from mlchoose.core.ranking import ProgramResult

ScoreRow = Mapping[Criterion, float | None]
ScoreTable = Mapping[str, ScoreRow]
#: A closed interval [low, high] of plausible scores.
Interval = tuple[float, float]
#: Program id -> criterion -> the range of its score (see ``criteria.CriterionScore``).
RangeTable = Mapping[str, Mapping[Criterion, Interval]]

#: Scores and totals are compared after rounding to this many digits, as ``ranking.order`` does.
DIGITS = 9


def score_table(results: Iterable[ProgramResult]) -> dict[str, dict[Criterion, float | None]]:
    """A score table from ranked results: id -> criterion -> score."""
    return {r.program["id"]: {c: s.score for c, s in r.scores.items()} for r in results}


def range_table(results: Iterable[ProgramResult]) -> dict[str, dict[Criterion, Interval]]:
    """A range table from ranked results: id -> criterion -> (low, high)."""
    return {r.program["id"]: {c: (s.low, s.high) for c, s in r.scores.items()} for r in results}


def combined(row: ScoreRow, weights: Mapping[Criterion, float], stand_in: ScoreRow) -> Combined:
    """``ranking.combine`` on plain floats, so every total here is the one ``rank`` shows."""
    scored = {c: CriterionScore(c, row.get(c), "") for c in criteria_of(weights)}
    return combine(scored, weights, stand_in)


def value_of(row: ScoreRow, stand_in: ScoreRow, criterion: Criterion) -> float | None:
    """The value a total uses: the score, else the stand-in, else nothing."""
    score = row.get(criterion)
    return score if score is not None else stand_in.get(criterion)


def totals_of(
    scores: ScoreTable, stand_in: ScoreRow, weights: Mapping[Criterion, float]
) -> dict[str, float | None]:
    return {ident: combined(row, weights, stand_in).total for ident, row in scores.items()}


def check_weights(weights: Mapping[Criterion, float]) -> None:
    """Applied weights as the maths needs them: finite, non-negative, not all zero."""
    for criterion in criteria_of(weights):
        value = weights[criterion]
        if not math.isfinite(value) or value < 0:
            raise MlchooseError(f"weight of {criterion} must be >= 0, not {value}", USAGE_ERROR)
    if not any(weights[c] > 0 for c in criteria_of(weights)):
        raise MlchooseError("all weights are zero", USAGE_ERROR)
