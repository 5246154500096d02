"""Weights x scores -> totals and ranks; comparisons of a few programs.

Total = 100 x sum(w_i x s_i) with w the normalised weights. Unknown is never zero: where a
program's score is unknown, the total uses a stand-in: for curriculum and industry the rule's
estimate for an empty evidence list (the catalog's base rates), for faculty the mean of the known
scores; ``coverage`` (the share of weight resting on the program's own evidence) shows how much
of the total is its own. Each total also has a range, from the scores' ranges.
A criterion that no program has evidence for is left out for everyone and the other weights are
re-normalised. Without a preferred region the region criterion is neutral: its weight is 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.core.costs import Cost, total_cost
from mlchoose.core.criteria import (
    Context,
    CriterionScore,
    Wide,
    empty_estimates,
    score_all,
)
from mlchoose.core.filters import apply, summary
from mlchoose.data.catalog import sources_of
from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.user.preferences import Preferences, Weights
from mlchoose.vocab import ALL_CRITERIA, CRITERIA, Criterion, criteria_of

if TYPE_CHECKING:
    from mlchoose.core.query import Query
    from mlchoose.data.models import Catalog, Program, Source

#: Totals are compared after rounding, so that float noise (e.g. from scaling all weights) never
#: reorders programs whose totals are equal.
_TOTAL_DIGITS = 9


class ProgramResult(NamedTuple):
    rank: int
    program: Program
    scores: Mapping[Criterion, CriterionScore]
    total: float | None
    coverage: float
    #: Points each criterion adds to the total (None where it adds nothing: unweighted, or no
    #: score and no stand-in); for an unknown score these points come from the stand-in.
    contributions: Mapping[Criterion, float | None]
    #: The catalog-wide stand-in used for each criterion where a score is unknown.
    stand_ins: Mapping[Criterion, float | None]
    sources: Mapping[str, Source]
    #: Total cost of the degree (a fact beside the scores, not a criterion).
    cost: Cost
    #: Fields that came from the user's overlay files: field -> file.
    overlaid: Mapping[str, str]
    #: The total's range [low, high] from the scores' ranges (None without a total).
    total_range: tuple[float, float] | None = None


class Ranking(NamedTuple):
    weights: Mapping[Criterion, float]
    #: The programs shown: every ranked one, or the best ``--top`` (or the ``--pareto`` ones).
    results: tuple[ProgramResult, ...]
    notes: tuple[str, ...]
    #: Every ranked program (what robustness and dominance look at).
    everything: tuple[ProgramResult, ...]
    #: The catalog-wide stand-in per criterion for unknown scores.
    stand_ins: Mapping[Criterion, float | None]
    #: Programs that could pass the filters (a deciding fact unknown, disputed or only likely),
    #: ranked among themselves and listed after the others; empty with ``--keep-unknown``.
    could: tuple[ProgramResult, ...] = ()
    #: Program id -> the facts in question, for every program that could pass.
    doubts: Mapping[str, tuple[str, ...]] = {}
    #: Whether any filter was asked for (machine formats then say passes / could_pass).
    filtered: bool = False

    @property
    def size(self) -> int:
        """Programs ranked, before any cut."""
        return len(self.everything)


class Comparison(NamedTuple):
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


def applied_weights(
    weights: Weights, prefs: Preferences, stand_in: Mapping[Criterion, float | None] | None = None
) -> dict[Criterion, float]:
    """The normalised weights actually used: region is 0 without a preferred region, and so is
    a criterion no program has evidence for (its ``stand_in`` is None)."""
    raw = dict(weights.raw)
    if not prefs.regions:
        raw["region"] = 0.0
    top = max(raw.values())
    if math.isfinite(top) and top > 0:  # scale first: 1e308 + 1e308 would overflow to inf
        raw = {c: v / top for c, v in raw.items()}
    if sum(raw.values()) <= 0:
        raise MlchooseError(
            "all applied weights are zero: the region weight needs {prefer_region}", USAGE_ERROR
        )
    blank = [c for c, value in (stand_in or {}).items() if value is None and raw[c] > 0]
    raw.update(dict.fromkeys(blank, 0.0))
    total = sum(raw.values())
    if total <= 0:
        raise MlchooseError(
            f"no program has evidence for the criteria you weighted ({', '.join(blank)})"
        )
    return {c: raw[c] / total for c in criteria_of(raw)}


class Combined(NamedTuple):
    total: float | None
    coverage: float
    contributions: dict[Criterion, float | None]
    #: The total's range from the scores' ranges (same weights, same scale).
    span: tuple[float, float] | None = None


def stand_ins(
    rows: Iterable[Mapping[Criterion, CriterionScore]], context: Context | None = None
) -> dict[Criterion, float | None]:
    """Per criterion, the value an unknown score counts as (None where no score is known).

    For curriculum and industry it is the rule's own estimate for an empty evidence list (the
    catalog's base rates, see ``criteria.empty_estimates``), so no evidence is exactly the
    special case of partial evidence; for the others, the mean of the known scores.
    """
    known: dict[Criterion, list[float]] = {c: [] for c in CRITERIA}
    for row in rows:
        for criterion, item in row.items():
            scores = known.setdefault(criterion, [])
            if item.score is not None:
                scores.append(item.score)
    found = {c: math.fsum(v) / len(v) if v else None for c, v in known.items()}
    if context is not None:
        for criterion, value in empty_estimates(context).items():
            if found.get(criterion) is not None:
                found[criterion] = value
    return found


def combine(
    scores: Mapping[Criterion, CriterionScore],
    weights: Mapping[Criterion, float],
    stand_in: Mapping[Criterion, float | None],
) -> Combined:
    """Total in [0, 100] (None when no weighted criterion has any score), coverage, points.

    Sums run over the criteria in their fixed order, so a program's total never depends on
    where it stands in the catalog (this runs once per program: plain sums, no fsum).
    """
    used: list[tuple[Criterion, float, float]] = []  # (criterion, weight, value)
    norm = weighted = known = low = high = 0.0
    for criterion in criteria_of(weights):
        weight = weights[criterion]
        if weight <= 0:
            continue
        weighted += weight
        item = scores[criterion]
        score = item.score
        value = score if score is not None else stand_in[criterion]
        if value is not None:
            used.append((criterion, weight, value))
            norm += weight
            low += weight * min(item.low, value)
            high += weight * max(item.high, value)
            if score is not None and item.evidenced:
                known += weight
    contributions: dict[Criterion, float | None] = dict.fromkeys(criteria_of(weights))
    if norm <= 0:
        return Combined(None, 0.0, contributions)
    total = 0.0
    for criterion, weight, value in used:
        points = 100.0 * weight * value / norm
        contributions[criterion] = points
        total += points
    span = (min(100.0, 100.0 * low / norm), min(100.0, 100.0 * high / norm))
    return Combined(min(100.0, max(0.0, total)), min(1.0, known / weighted), contributions, span)


def order(totals: Mapping[str, float | None]) -> list[str]:
    """Ids best first: higher total first, unknown totals last, ties broken by id."""

    def key(program_id: str) -> tuple[bool, float, str]:
        total = totals[program_id]
        return (total is None, -round(total or 0.0, _TOTAL_DIGITS), program_id)

    return sorted(totals, key=key)


def _notes(
    prefs: Preferences, weights: Weights, stand_in: Mapping[Criterion, float | None]
) -> tuple[str, ...]:
    notes = []
    # The default weights are nobody's choice: their region weight goes without a note.
    if not prefs.regions and weights.raw["region"] > 0 and weights != Weights():
        notes.append(
            f"region weight {weights.raw['region']:g} not applied: no preferred region given "
            "(add {prefer_region} west, or east-coast, mid-west, ...)"
        )
    for criterion, value in stand_in.items():
        if value is None and weights.raw[criterion] > 0 and criterion != "region":
            notes.append(f"no program has evidence for {criterion}: its weight is not applied")
    return tuple(notes)


#: What the whole catalog contributes to one program's result, for given preferences: its
#: stand-ins, scale and base rates (``core.stored`` keeps them beside the catalog).
Known = tuple[Mapping[Criterion, float | None], Wide]


def results_for(
    catalog: Catalog,
    programs: Sequence[Program],
    weights: Weights,
    prefs: Preferences,
    explain: bool = True,
    known: Known | None = None,
) -> tuple[list[ProgramResult], dict[Criterion, float | None], dict[Criterion, float]]:
    """Results for ``programs``, best first; scale and stand-ins come from the whole catalog.

    Every program is scored for the stand-ins, without the rule texts and evidence; with
    ``explain`` the given programs are scored again with them. ``known``: the catalog's
    stand-ins, scale and base rates for these preferences (``core.stored`` keeps them), so
    that only ``programs`` are scored.
    """
    criteria = criteria_of(weights.raw)
    if known is None:
        quick = _context(catalog, prefs, False)
        every = {p["id"]: score_all(p, quick, criteria) for p in catalog["programs"]}
        stand_in, wide = stand_ins(every.values(), quick), None
    else:
        stand_in, wide = dict(known[0]), known[1]
        # With explain, _results scores the programs with their rule texts; else quickly here.
        quick = _context(catalog, prefs, False, wide)
        every = {} if explain else {p["id"]: score_all(p, quick, criteria) for p in programs}
    return _results(catalog, programs, weights, prefs, every, stand_in, explain, wide)


def _context(
    catalog: Catalog, prefs: Preferences, explain: bool, wide: Wide | None = None
) -> Context:
    """The rules' view of the catalog for these preferences (``wide``: its scale and base
    rates, when already known)."""
    return Context.of(
        catalog["programs"], prefs.regions, prefs.interests, explain, prefs.international, wide
    )


class Standings(NamedTuple):
    """Every program's total, without building a result per program: what ``show`` needs to
    say "rank 3 of 10,000" and what finding a fact could change."""

    totals: dict[str, float | None]
    stand_ins: dict[Criterion, float | None]
    weights: dict[Criterion, float]


class Columns(NamedTuple):
    """Every program's quick score of each criterion (the point only), by position in ``ids``,
    and the catalog's stand-ins: all that the totals need, for any weights. Plain data, so the
    user cache can keep it (``core.stored``)."""

    ids: list[str]
    scores: dict[Criterion, list[float | None]]
    stand_ins: dict[Criterion, float | None]


def columns(catalog: Catalog, prefs: Preferences, criteria: Sequence[Criterion]) -> Columns:
    """The whole catalog's quick scores of ``criteria`` for ``prefs`` (regions, interests and
    F-1 status change scores; weights do not)."""
    quick = _context(catalog, prefs, False)
    every = {p["id"]: score_all(p, quick, criteria) for p in catalog["programs"]}
    stand_in = stand_ins(every.values(), quick)
    scores = {c: [row[c].score for row in every.values()] for c in criteria}
    return Columns(list(every), scores, stand_in)


def totals_of(found: Columns, weights: Mapping[Criterion, float]) -> dict[str, float | None]:
    """Every program's total by the applied ``weights``: ``combine``'s total, the same sums in
    the same order (so the same floats), without its coverage, points and range."""
    active = [
        (weights[c], found.scores[c], found.stand_ins[c])
        for c in criteria_of(weights)
        if weights[c] > 0
    ]
    totals: dict[str, float | None] = {}
    used: list[tuple[float, float]] = []
    for position, ident in enumerate(found.ids):
        used.clear()
        norm = 0.0
        for weight, column, stand_in in active:
            score = column[position]
            value = score if score is not None else stand_in
            if value is not None:
                used.append((weight, value))
                norm += weight
        if norm <= 0:
            totals[ident] = None
            continue
        total = 0.0
        for weight, value in used:
            total += 100.0 * weight * value / norm
        totals[ident] = min(100.0, max(0.0, total))
    return totals


def standings_of(found: Columns, query: Query) -> Standings:
    """The totals by the query's weights, from the catalog's scores (``columns``)."""
    applied = applied_weights(query.weights, query.prefs, found.stand_ins)
    return Standings(totals_of(found, applied), dict(found.stand_ins), applied)


def standings(catalog: Catalog, query: Query) -> Standings:
    """The whole catalog's totals by the query's weights (no filter, no cut)."""
    return standings_of(columns(catalog, query.prefs, criteria_of(query.weights.raw)), query)


def detail_of(
    catalog: Catalog,
    program: Program,
    query: Query,
    stand_in: Mapping[Criterion, float | None],
    wide: Wide | None = None,
) -> ProgramResult:
    """One program's result with its rule texts and evidence, scaled by the catalog's
    stand-ins for the same query: the catalog is not scored a second time (``wide``: the
    catalog's scale and base rates, when known)."""
    prefs = query.prefs
    full = _context(catalog, prefs, True, wide)
    every = {program["id"]: score_all(program, full, criteria_of(query.weights.raw))}
    found, _, _ = _results(catalog, [program], query.weights, prefs, every, dict(stand_in), False)
    return found[0]


def _results(
    catalog: Catalog,
    programs: Sequence[Program],
    weights: Weights,
    prefs: Preferences,
    every: dict[str, dict[Criterion, CriterionScore]],
    stand_in: dict[Criterion, float | None],
    explain: bool,
    wide: Wide | None = None,
) -> tuple[list[ProgramResult], dict[Criterion, float | None], dict[Criterion, float]]:
    """Results for ``programs`` from their scores (``every``) and the catalog's stand-ins
    (``wide``: the catalog's scale and base rates, when known)."""
    if explain:
        full = _context(catalog, prefs, True, wide)
        criteria = criteria_of(weights.raw)
        every.update({p["id"]: score_all(p, full, criteria) for p in programs})
    applied = applied_weights(weights, prefs, stand_in)
    combined = {p["id"]: combine(every[p["id"]], applied, stand_in) for p in programs}
    by_id = {p["id"]: p for p in programs}
    results = []
    for position, ident in enumerate(order({i: c.total for i, c in combined.items()}), start=1):
        program, c = by_id[ident], combined[ident]
        sources = sources_of(catalog, program)
        results.append(
            ProgramResult(
                rank=position,
                program=program,
                scores=every[ident],
                total=c.total,
                coverage=c.coverage,
                contributions=c.contributions,
                stand_ins=stand_in,
                sources=sources,
                cost=total_cost(program, sources),
                overlaid=catalog.get("overlaid", {}).get(ident, {}),
                total_range=c.span if c.total is not None else None,
            )
        )
    return results, stand_in, applied


def rank(catalog: Catalog, query: Query) -> Ranking:
    """Every program that passes the query's filters (of ``query.only``, if given), ranked by
    total; ties broken by id.

    Scores are scaled across the whole catalog, so filtering never changes a program's scores.
    """
    _check_top(query.top)
    applied_weights(query.weights, query.prefs)  # a usage error before any work
    wanted = None if query.only is None else set(query.only)
    candidates = [p for p in catalog["programs"] if wanted is None or p["id"] in wanted]
    chosen = apply(candidates, query.filters, query.keep_unknown, catalog.get("sources", {}))
    # One scoring of the catalog for both lists: each keeps its order, ranks counted apart.
    both, stand_in, applied = results_for(
        catalog, [*chosen.kept, *chosen.could], query.weights, query.prefs, query.explain
    )
    apart = {p["id"] for p in chosen.could}
    results = numbered(r for r in both if r.program["id"] not in apart)
    could = numbered(r for r in both if r.program["id"] in apart)
    dropped = summary(chosen)
    notes = _notes(query.prefs, query.weights, stand_in) + ((dropped,) if dropped else ())
    if query.prefs.international:
        results, could = stem_first(results), stem_first(could)
        notes += (INTERNATIONAL_NOTE,)
    return Ranking(
        applied,
        tuple(results[: query.top]),
        notes,
        tuple(results),
        stand_in,
        tuple(could[: query.top]),
        chosen.doubts,
        bool(query.filters),
    )


INTERNATIONAL_NOTE = (
    "international (F-1): on-campus or hybrid programs only; STEM-designated programs first, "
    "then likely, unknown and not STEM, each by total (OPT: 12 months after graduation, plus 24 "
    "more with a STEM degree); online delivery earns no region fit"
)
#: The order of STEM status for a student who needs OPT: yes, then likely or disputed,
#: unknown, no.
_STEM_TIER = {"yes": 0, "likely": 1, "disputed": 1, "unknown": 2, "no": 3}


def stem_first(results: Sequence[ProgramResult]) -> list[ProgramResult]:
    """The results with STEM-designated programs first (stable: by total within a tier), ranks
    renumbered: what an international student who needs OPT's STEM extension asks for."""
    from mlchoose.data.registry import stem_status

    return numbered(sorted(results, key=lambda r: _STEM_TIER[stem_status(r.program)]))


def numbered(results: Iterable[ProgramResult]) -> list[ProgramResult]:
    """The results in the order given, ranked 1, 2, 3, ..."""
    return [r._replace(rank=i) for i, r in enumerate(results, start=1)]


def _check_top(top: int | None) -> None:
    if top is not None and top < 1:
        raise MlchooseError(f"must be at least 1, not {top}", USAGE_ERROR, option="top")


def limited(ranking: Ranking, top: int | None) -> Ranking:
    """The ranking cut to its best ``top`` programs (after any other selection)."""
    _check_top(top)
    if top is None:
        return ranking
    return ranking._replace(results=ranking.results[:top], could=ranking.could[:top])


def compare(
    catalog: Catalog, programs: Sequence[Program], query: Query, known: Known | None = None
) -> Comparison:
    """Two or more programs side by side, best first, with the best value of every row
    (``known``: see :func:`results_for`)."""
    weights, prefs = query.weights, query.prefs
    ids = [p["id"] for p in programs]
    if len(programs) < 2:
        raise MlchooseError("compare needs at least two programs", USAGE_ERROR)
    if len(set(ids)) != len(ids):
        raise MlchooseError(f"a program is named twice: {', '.join(ids)}", USAGE_ERROR)
    found, stand_in, applied = results_for(catalog, programs, weights, prefs, known=known)
    results = tuple(found)
    rows: dict[str, dict[str, float | None]] = {
        "total": {r.program["id"]: r.total for r in results}
    }
    for criterion in criteria_of(applied):
        rows[criterion] = {r.program["id"]: r.scores[criterion].score for r in results}
    rows["coverage"] = {r.program["id"]: r.coverage for r in results}
    # Fact rows, negated so that the highest value is the best: cheapest, shortest.
    rows["cost"] = {r.program["id"]: _negated_cost(r.cost) for r in results}
    rows["duration"] = {r.program["id"]: _negated_middle(*_months(r.program)) for r in results}
    # Best values are judged at the precision shown (scores 2 decimals, totals 1), so that two
    # programs that read the same are never told apart.
    shown: dict[str, int] = {"total": 1, "coverage": 2, **dict.fromkeys(ALL_CRITERIA, 2)}
    best = {name: _best(values, shown.get(name, _TOTAL_DIGITS)) for name, values in rows.items()}
    return Comparison(applied, results, _notes(prefs, weights, stand_in), best)


def _months(program: Program) -> tuple[float | None, float | None]:
    fact = program["duration"]
    return (None, None) if fact is None else (fact["months_min"], fact["months_max"])


def _negated_cost(cost: Cost) -> float | None:
    """A total that leaves out unknown fees is not comparable: it cannot be 'cheapest'."""
    return _negated_middle(cost.low, cost.high) if cost.fees_included else None


def _negated_middle(low: float | None, high: float | None) -> float | None:
    """Minus the middle of a range, so that ``_best``'s maximum is the lowest value."""
    return None if low is None or high is None else -(low + high) / 2


def _best(values: Mapping[str, float | None], digits: int = _TOTAL_DIGITS) -> frozenset[str]:
    known = {k: round(v, digits) for k, v in values.items() if v is not None}
    if len(known) < 2 or len(set(known.values())) == 1:
        return frozenset()
    top = max(known.values())
    return frozenset(k for k, v in known.items() if v == top)
