"""Core results as plain JSON-ready data: the documented machine-readable contract.

``rank --format json`` is a stable contract (README, "JSON output"); keys are only ever added.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from mlchoose.core.costs import CURRENCY
from mlchoose.data import registry
from mlchoose.vocab import Criterion, criteria_of

if TYPE_CHECKING:
    from mlchoose.core.analysis import Assessment, Tipping, Why
    from mlchoose.core.costs import Cost
    from mlchoose.core.coverage import Coverage
    from mlchoose.core.ranking import Comparison, ProgramResult, Ranking
    from mlchoose.core.robustness import Robustness
    from mlchoose.data.models import Program
    from mlchoose.user.profiles import Profile

TOTAL_DIGITS = 2
SCORE_DIGITS = 4


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def weights(applied: Mapping[Criterion, float]) -> dict[str, float]:
    """Weights rounded to SCORE_DIGITS decimals so that, as printed, they sum to exactly 1:
    the units lost to rounding go to the largest remainders (Hamilton's method)."""
    unit = 10**SCORE_DIGITS
    criteria = criteria_of(applied)
    exact = {c: applied[c] * unit for c in criteria}
    floors = {c: math.floor(v) for c, v in exact.items()}
    total = sum(applied.values())
    missing = round(total * unit) - sum(floors.values()) if total > 0 else 0
    for c in sorted(criteria, key=lambda c: floors[c] - exact[c])[: max(0, missing)]:
        floors[c] += 1
    return {c: floors[c] / unit for c in criteria}


def _range(result: ProgramResult, criterion: Criterion, weighted: bool) -> list[float] | None:
    score = result.scores[criterion]
    value = score.score if score.score is not None else result.stand_ins[criterion]
    if not weighted or value is None:
        return None
    return [round(min(score.low, value), SCORE_DIGITS), round(max(score.high, value), SCORE_DIGITS)]


def ranked_program(result: ProgramResult, applied: Mapping[Criterion, float]) -> dict[str, Any]:
    program = result.program
    span = result.total_range
    return {
        "rank": result.rank,
        "id": program["id"],
        "name": program["name"],
        "university": program["university"],
        "region": program["region"],
        "total": _round(result.total, TOTAL_DIGITS),
        "scores": {c: _round(result.scores[c].score, SCORE_DIGITS) for c in criteria_of(applied)},
        "ranges": {c: _range(result, c, applied[c] > 0) for c in criteria_of(applied)},
        "total_range": None if span is None else [round(v, TOTAL_DIGITS) for v in span],
    }


def ranking(result: Ranking, assessment: Assessment | None = None) -> dict[str, Any]:
    """With filters, each program says whether it ``passes`` or ``could_pass`` and which facts
    are in question, and the programs that could pass are listed apart (``could_pass``)."""
    dominated = {} if assessment is None else assessment.dominance.dominated

    def entry(r: ProgramResult) -> dict[str, Any]:
        found = ranked_program(r, result.weights)
        found["facts"] = facts(r)
        found["dominated_by"] = dominated.get(r.program["id"])
        if result.filtered:
            doubts = result.doubts.get(r.program["id"], ())
            found["filter"] = "could_pass" if doubts else "passes"
            found["in_question"] = list(doubts)
        return found

    data: dict[str, Any] = {
        "weights": weights(result.weights),
        "programs": [entry(r) for r in result.results],
    }
    if result.filtered:
        data["could_pass"] = [entry(r) for r in result.could]
    if assessment is not None and assessment.robustness is not None:
        data["robustness"] = robustness(assessment.robustness)
    return data


def robustness(spread: Robustness) -> dict[str, Any]:
    return {
        "samples": spread.samples,
        "seed": spread.seed,
        "concentration": spread.concentration,
        "unknown_intervals": {},  # kept for scripts: the older per-criterion draws ended in 1.1
        # On a big catalog, ranks past exact_ranks are counted in bins of rank_bin (their
        # percentiles interpolated); the two spreads use the first split_samples samples.
        "exact_ranks": spread.exact_ranks,
        "rank_bin": spread.rank_bin,
        "split_samples": spread.split_samples,
        "programs": {
            r.program: {
                "rank": r.rank,
                "first": round(r.first, SCORE_DIGITS),
                "median_rank": r.median,
                "rank_5": r.low,
                "rank_95": r.high,
                "iqr_weights": r.weights_iqr,
                "iqr_unknowns": r.unknowns_iqr,
            }
            for r in spread.results
        },
        "decisive_unknowns": [
            {
                "program": d.program,
                "criterion": d.criterion,
                "threshold": round(d.threshold, SCORE_DIGITS),
                "interval": [round(v, SCORE_DIGITS) for v in d.interval],
                "new_winner": d.new_winner,
                "chance": round(d.chance, SCORE_DIGITS),
            }
            for d in spread.decisive
        ],
    }


def tipping(found: Tipping, reasons: Why) -> dict[str, Any]:
    return {
        "leader": found.leader,
        "trailer": found.trailer,
        "margin": _round(found.margin, TOTAL_DIGITS),
        "why": [
            {"criterion": r.criterion, "points": round(r.points, TOTAL_DIGITS), "caveat": r.caveat}
            for r in reasons.reasons
        ],
        "criteria": {
            t.criterion: {
                "weight": round(t.weight, SCORE_DIGITS),
                "flip_weight": _round(t.flip_weight, SCORE_DIGITS),
                "score_change": _round(t.score_change, SCORE_DIGITS),
                "leader_score": _round(t.leader_score, SCORE_DIGITS),
                "leader_flip": _round(t.leader_flip, SCORE_DIGITS),
                "trailer_score": _round(t.trailer_score, SCORE_DIGITS),
                "trailer_flip": _round(t.trailer_flip, SCORE_DIGITS),
            }
            for t in found.tips
        },
    }


def _cost(cost: Cost) -> dict[str, Any] | None:
    if not cost.known:
        return None
    return {
        "low": cost.low,
        "high": cost.high,
        "currency": CURRENCY,
        "fees_included": cost.fees_included,
        "formula": cost.formula,
        "years": list(cost.years),
    }


def facts(result: ProgramResult) -> dict[str, Any]:
    """Decision facts beside the scores (documented in the README); ``null`` = unknown. The
    computed total cost, then each registry fact with a JSON shape."""
    return {"total_cost": _cost(result.cost), **dict(registry.records(result.program))}


def explained(result: ProgramResult, applied: Mapping[Criterion, float]) -> dict[str, Any]:
    """Everything ``show`` prints: facts, scores with their evidence, sources by key."""
    return {
        "weights": weights(applied),
        **ranked_program(result, applied),
        "facts": facts(result),
        "coverage": round(result.coverage, SCORE_DIGITS),
        "criteria": {
            c: {
                "score": _round(s.score, SCORE_DIGITS),
                "contribution": _round(result.contributions[c], TOTAL_DIGITS),
                "stand_in": None if s.known else _round(result.stand_ins[c], SCORE_DIGITS),
                "rule": s.rule,
                "gap": s.gap or None,
                "evidence": [{"text": e.text, "source": e.source} for e in s.evidence],
            }
            for c, s in result.scores.items()
        },
        "program": program_facts(result.program),
        "sources": dict(result.sources),
    }


def program_facts(program: Program) -> dict[str, Any]:
    """The program's facts as JSON-ready data; sources are listed once, beside them."""
    return {k: v for k, v in program.items() if k != "sources"}


def comparison(result: Comparison) -> dict[str, Any]:
    return {
        "weights": weights(result.weights),
        "programs": [
            {
                **ranked_program(r, result.weights),
                "facts": facts(r),
                "coverage": round(r.coverage, SCORE_DIGITS),
            }
            for r in result.results
        ],
        "winner": result.winner.program["id"],
        "margin": _round(result.margin, TOTAL_DIGITS),
        "best": {row: sorted(ids) for row, ids in result.best.items()},
    }


def listing(programs: list[Program]) -> list[dict[str, Any]]:
    return [
        {
            "id": p["id"],
            "aliases": list(p["aliases"]),
            "name": p["name"],
            "university": p["university"],
            "region": p["region"],
            "delivery": None if p["delivery"] is None else list(p["delivery"]["modes"]),
        }
        for p in programs
    ]


def profile(found: Profile) -> dict[str, Any]:
    total = sum(found.weights.values())
    return {
        "name": found.name,
        "builtin": found.builtin,
        "weights": {c: found.weights[c] for c in criteria_of(found.weights)},
        "normalised": {
            c: round(found.weights[c] / total, SCORE_DIGITS) for c in criteria_of(found.weights)
        },
        "prefer_regions": list(found.regions),
        "interests": list(found.interests),
        "rationale": found.rationale,
    }


def coverage(rows: Iterable[Coverage]) -> list[dict[str, Any]]:
    return [{"name": r.name, "known": r.known, "programs": r.total} for r in rows]
