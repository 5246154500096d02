"""Weights x scores -> totals and ranks; comparisons of a few programs.

Total = 100 x sum(w_i x s_i) / sum(w_i) over the criteria whose score is known, with w the
normalised weights. A criterion with an unknown score drops out of that program's total and the
other weights are re-normalised, so unknown never counts as zero; ``coverage`` (the share of
weight that rests on evidence) makes that visible. Without a preferred region the region
criterion is neutral: its weight is set to 0 for every program.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mlchoose.criteria import Context, CriterionScore, score_all
from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.models import Catalog, Program, Source
from mlchoose.preferences import Preferences, Weights
from mlchoose.vocab import CRITERIA, Criterion

#: Totals are compared after rounding, so that float noise (e.g. from scaling all weights) never
#: reorders programs whose totals are equal.
_TOTAL_DIGITS = 9


@dataclass(frozen=True, slots=True)
class ProgramResult:
    rank: int
    program: Program
    scores: Mapping[Criterion, CriterionScore]
    total: float | None
    coverage: float
    #: Points each criterion adds to the total (None where its score is unknown or unweighted).
    contributions: Mapping[Criterion, float | None]
    sources: Mapping[str, Source]

    @property
    def unknown(self) -> tuple[Criterion, ...]:
        """Weighted criteria whose score is unknown for this program."""
        return tuple(c for c, s in self.scores.items() if not s.known and c != "region")


@dataclass(frozen=True, slots=True)
class Ranking:
    weights: Mapping[Criterion, float]
    results: tuple[ProgramResult, ...]
    notes: tuple[str, ...]
    size: int


@dataclass(frozen=True, slots=True)
class Comparison:
    weights: Mapping[Criterion, float]
    results: tuple[ProgramResult, ...]
    notes: tuple[str, ...]
    #: Row name ("total", a criterion, ...) -> ids of the programs with the best value in it.
    best: Mapping[str, frozenset[str]]

    @property
    def winner(self) -> ProgramResult:
        return self.results[0]

    @property
    def margin(self) -> float | None:
        """Points between the winner and the runner-up (None where a total is unknown)."""
        first, second = self.results[0].total, self.results[1].total
        return None if first is None or second is None else first - second


def applied_weights(weights: Weights, prefs: Preferences) -> dict[Criterion, float]:
    """The normalised weights actually used: region is 0 without a preferred region."""
    raw = dict(weights.raw)
    if not prefs.regions:
        raw["region"] = 0.0
    total = sum(raw.values())
    if total <= 0:
        raise MlchooseError(
            "all applied weights are zero: the region weight needs --prefer-region", USAGE_ERROR
        )
    return {c: raw[c] / total for c in CRITERIA}


@dataclass(frozen=True, slots=True)
class Combined:
    total: float | None
    coverage: float
    contributions: dict[Criterion, float | None]


def combine(scores: Mapping[Criterion, CriterionScore], weights: Mapping[Criterion, float]) -> Combined:
    """Total in [0, 100] (None when no weighted score is known), coverage and contributions."""
    known = sum(w for c, w in weights.items() if w > 0 and scores[c].score is not None)
    weighted = sum(w for w in weights.values() if w > 0)
    contributions: dict[Criterion, float | None] = dict.fromkeys(CRITERIA)
    if known <= 0:
        return Combined(None, 0.0, contributions)
    for criterion, item in scores.items():
        if weights[criterion] > 0 and item.score is not None:
            contributions[criterion] = 100.0 * weights[criterion] * item.score / known
    total = sum(v for v in contributions.values() if v is not None)
    return Combined(min(100.0, max(0.0, total)), min(1.0, known / weighted), contributions)


def _order_key(result: tuple[str, float | None]) -> tuple[int, float, str]:
    program_id, total = result
    return (total is None, -round(total or 0.0, _TOTAL_DIGITS), program_id)


def _notes(prefs: Preferences, weights: Weights) -> tuple[str, ...]:
    if not prefs.regions and weights.raw["region"] > 0:
        return ("region is neutral: no preferred region given (use --prefer-region west,northeast)",)
    return ()


def _results(
    catalog: Catalog, programs: Sequence[Program], weights: Mapping[Criterion, float], prefs: Preferences
) -> list[ProgramResult]:
    context = Context.of(catalog.programs, prefs.regions)
    scored = []
    for program in programs:
        scores = score_all(program, context)
        scored.append((program, scores, combine(scores, weights)))
    scored.sort(key=lambda item: _order_key((item[0].id, item[2].total)))
    return [
        ProgramResult(
            rank, program, scores, c.total, c.coverage, c.contributions, catalog.sources_of(program)
        )
        for rank, (program, scores, c) in enumerate(scored, start=1)
    ]


def rank(
    catalog: Catalog,
    weights: Weights,
    prefs: Preferences,
    *,
    regions: frozenset[str] = frozenset(),
    top: int | None = None,
) -> Ranking:
    """Every program (or those in ``regions``) ranked by total; ties broken by id.

    Scores are scaled across the whole catalog, so filtering never changes a program's scores.
    """
    if top is not None and top < 1:
        raise MlchooseError(f"--top must be at least 1, not {top}", USAGE_ERROR)
    applied = applied_weights(weights, prefs)
    chosen = [p for p in catalog.programs if not regions or p.region in regions]
    results = _results(catalog, chosen, applied, prefs)
    return Ranking(applied, tuple(results[:top]), _notes(prefs, weights), len(results))


def explain(catalog: Catalog, program: Program, weights: Weights, prefs: Preferences) -> ProgramResult:
    """One program's scores, evidence and rank among the whole catalog."""
    ranking = rank(catalog, weights, prefs)
    return next(r for r in ranking.results if r.program.id == program.id)


def compare(
    catalog: Catalog, programs: Sequence[Program], weights: Weights, prefs: Preferences
) -> Comparison:
    """Two or more programs side by side, best first, with the best value of every row."""
    ids = [p.id for p in programs]
    if len(programs) < 2:
        raise MlchooseError("compare needs at least two programs", USAGE_ERROR)
    if len(set(ids)) != len(ids):
        raise MlchooseError(f"a program is named twice: {', '.join(ids)}", USAGE_ERROR)
    applied = applied_weights(weights, prefs)
    results = tuple(_results(catalog, programs, applied, prefs))
    rows: dict[str, dict[str, float | None]] = {"total": {r.program.id: r.total for r in results}}
    for criterion in CRITERIA:
        rows[criterion] = {r.program.id: r.scores[criterion].score for r in results}
    rows["coverage"] = {r.program.id: r.coverage for r in results}
    rows["tuition"] = _cheapest(programs)
    best = {name: _best(values) for name, values in rows.items()}
    return Comparison(applied, results, _notes(prefs, weights), best)


def _cheapest(programs: Sequence[Program]) -> dict[str, float | None]:
    """Negated prices when every price is known and quoted per the same period, so max = cheapest."""
    prices = [p.tuition for p in programs]
    if any(t is None for t in prices) or len({t.per for t in prices if t is not None}) != 1:
        return {}
    return {p.id: -p.tuition.amount_usd for p in programs if p.tuition is not None}


def _best(values: Mapping[str, float | None]) -> frozenset[str]:
    known = {k: round(v, _TOTAL_DIGITS) for k, v in values.items() if v is not None}
    if len(known) < 2 or len(set(known.values())) == 1:
        return frozenset()
    top = max(known.values())
    return frozenset(k for k, v in known.items() if v == top)
