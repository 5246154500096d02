from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlchoose.core.criteria import CriterionScore
from mlchoose.core.filters import in_regions
from mlchoose.core.query import Query
from mlchoose.core.ranking import combine, compare, order, rank, stand_ins
from mlchoose.data.models import Catalog
from mlchoose.errors import MlchooseError
from mlchoose.user.preferences import Preferences, Weights
from mlchoose.vocab import CRITERIA, INDUSTRY_KINDS, REGIONS, Criterion
from tests.factories import make_catalog, program_data

SCORED_TOPICS = [
    "linear-algebra",
    "probability",
    "statistics",
    "deep-learning",
    "nlp",
    "computer-vision",
    "project",
]
LEVELS = ["required_course", "option_in_required_group", "elective_or_area", "program_description"]

#: A weight is 0 or at least 0.01: totals are compared at 1e-9 points (ties then go by id), so a
#: weight a billion times smaller than another could only ever matter below that resolution.
weight_st = st.one_of(st.just(0.0), st.floats(min_value=0.01, max_value=100, allow_nan=False))
weights_st = st.fixed_dictionaries(dict.fromkeys(CRITERIA, weight_st)).filter(
    lambda w: sum(v for k, v in w.items() if k != "region") > 0
)
score_st = st.one_of(st.none(), st.floats(min_value=0, max_value=1, allow_nan=False))


@st.composite
def programs_st(draw: st.DrawFn, ident: str) -> dict[str, Any]:
    """A program whose facts (and so whose scores) vary, unknowns included."""
    topics = [
        {"topic": t, "evidence": draw(st.sampled_from(LEVELS)), "course": "c", "source": "page"}
        for t in draw(st.lists(st.sampled_from(SCORED_TOPICS), unique=True, max_size=7))
    ]
    tracks = draw(st.one_of(st.none(), st.integers(0, 6)))
    pubs = draw(st.one_of(st.none(), st.floats(0, 400, allow_nan=False)))
    faculty: Any = "unknown"
    if pubs is not None:
        faculty = {
            "institution": "U",
            "ai_faculty": 1,
            "ai_adjusted_pubs": pubs,
            "robotics_adjusted_pubs": 0.0,
            "ai_rank_us": 1,
            "source": "table",
        }
    kinds = draw(st.lists(st.sampled_from(INDUSTRY_KINDS), unique=True, max_size=4))
    return program_data(
        ident,
        region=draw(st.sampled_from(REGIONS)),
        delivery={
            "modes": [draw(st.sampled_from(["online", "on-campus", "hybrid"]))],
            "source": "page",
        },
        course_list=draw(st.sampled_from(["complete", "partial", "unknown"])),
        topics=topics,
        specializations="unknown"
        if tracks is None
        else {"tracks": [f"t{i}" for i in range(tracks)], "source": "page"},
        faculty=faculty,
        industry=[{"kind": k, "detail": "d", "source": "page"} for k in kinds],
    )


@st.composite
def catalogs_st(draw: st.DrawFn) -> Catalog:
    count = draw(st.integers(2, 7))
    return make_catalog(*(draw(programs_st(f"p{i}")) for i in range(count)))


prefs_st = st.builds(Preferences, st.frozensets(st.sampled_from(REGIONS), max_size=3))


def summary(
    catalog: Catalog, weights: Weights, prefs: Preferences
) -> list[tuple[str, float | None]]:
    """Ids and totals; examples where no weighted criterion has any evidence are skipped."""
    try:
        result = rank(catalog, Query(weights, prefs))
    except MlchooseError as error:
        assume("no program has evidence" not in str(error))
        raise
    return [(r.program["id"], r.total) for r in result.results]


@settings(max_examples=60, deadline=None)
@given(catalogs_st(), weights_st, prefs_st, st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_all_weights_changes_nothing(
    catalog: Catalog, raw: dict[Criterion, float], prefs: Preferences, factor: float
) -> None:
    base = summary(catalog, Weights.of(raw), prefs)
    scaled = summary(catalog, Weights.of({c: w * factor for c, w in raw.items()}), prefs)
    assert [i for i, _ in base] == [i for i, _ in scaled]
    for (_, a), (_, b) in zip(base, scaled, strict=True):
        assert (a is None and b is None) or a == pytest.approx(b)


@settings(max_examples=60, deadline=None)
@given(catalogs_st(), weights_st, prefs_st, st.randoms(use_true_random=False))
def test_catalog_order_changes_nothing(
    catalog: Catalog, raw: dict[Criterion, float], prefs: Preferences, rnd: random.Random
) -> None:
    shuffled: Catalog = {
        **catalog,
        "programs": rnd.sample(catalog["programs"], len(catalog["programs"])),
    }
    weights = Weights.of(raw)
    assert summary(catalog, weights, prefs) == summary(shuffled, weights, prefs)


@settings(max_examples=60, deadline=None)
@given(catalogs_st(), weights_st, prefs_st)
def test_totals_stay_in_range_and_ranks_are_consecutive(
    catalog: Catalog, raw: dict[Criterion, float], prefs: Preferences
) -> None:
    try:
        result = rank(catalog, Query(Weights.of(raw), prefs))
    except MlchooseError as error:
        assume("no program has evidence" not in str(error))
        raise
    assert [r.rank for r in result.results] == list(range(1, len(catalog["programs"]) + 1))
    assert sum(result.weights.values()) == pytest.approx(1.0)
    for r in result.results:
        assert r.total is None or 0.0 <= r.total <= 100.0
        assert 0.0 <= r.coverage <= 1.0


def _scores(values: dict[Criterion, float | None]) -> dict[Criterion, CriterionScore]:
    return {c: CriterionScore(c, values[c], "test") for c in CRITERIA}


score_tables = st.dictionaries(
    st.sampled_from([f"p{i}" for i in range(8)]),
    st.fixed_dictionaries(dict.fromkeys(CRITERIA, score_st)),
    min_size=2,
)


@settings(max_examples=200)
@given(score_tables, weights_st, st.data())
def test_raising_a_score_never_lowers_the_rank(
    table: dict[str, dict[Criterion, float | None]],
    raw: dict[Criterion, float],
    data: st.DataObject,
) -> None:
    total_weight = sum(raw.values())
    weights = {c: w / total_weight for c, w in raw.items()}
    candidates = [
        (p, c)
        for p, row in table.items()
        for c in CRITERIA
        if row[c] is not None and weights[c] > 0
    ]
    if not candidates:
        return
    program, criterion = data.draw(st.sampled_from(candidates))
    old = table[program][criterion]
    assert old is not None
    new = data.draw(st.floats(min_value=old, max_value=1.0))
    before = _order(table, weights)
    after = _order({**table, program: {**table[program], criterion: new}}, weights)
    assert after.index(program) <= before.index(program)


def _order(
    table: dict[str, dict[Criterion, float | None]], weights: dict[Criterion, float]
) -> list[str]:
    rows = {p: _scores(row) for p, row in table.items()}
    means = stand_ins(rows.values())
    return order({p: combine(row, weights, means).total for p, row in rows.items()})


HALF: dict[Criterion, float] = {
    "curriculum": 0.5,
    "specializations": 0.5,
    "faculty": 0.0,
    "industry": 0.0,
    "region": 0.0,
}


def test_unknown_counts_as_the_catalog_average_not_zero() -> None:
    row = _scores(
        {
            "curriculum": 0.8,
            "specializations": None,
            "faculty": None,
            "industry": None,
            "region": None,
        }
    )
    means: dict[Criterion, float | None] = {**dict.fromkeys(CRITERIA), "specializations": 0.4}
    result = combine(row, HALF, means)
    assert result.total == pytest.approx(100 * (0.5 * 0.8 + 0.5 * 0.4))
    assert result.coverage == pytest.approx(0.5)
    assert result.contributions["specializations"] == pytest.approx(20.0)


def test_a_criterion_nobody_knows_is_left_out_for_everyone() -> None:
    row = _scores(
        {
            "curriculum": 0.8,
            "specializations": None,
            "faculty": None,
            "industry": None,
            "region": None,
        }
    )
    result = combine(row, HALF, dict.fromkeys(CRITERIA))
    assert result.total == pytest.approx(80.0)
    assert result.contributions["specializations"] is None
    nothing = combine(_scores(dict.fromkeys(CRITERIA)), HALF, dict.fromkeys(CRITERIA))
    assert nothing.total is None and nothing.coverage == 0.0


def test_stand_ins_are_means_of_known_scores() -> None:
    rows = [_scores({**dict.fromkeys(CRITERIA), "faculty": v}) for v in (0.2, None, 0.6)]
    means = stand_ins(rows)
    assert means["faculty"] == pytest.approx(0.4)
    assert means["industry"] is None


def test_one_strong_known_score_does_not_beat_a_well_documented_program() -> None:
    """A program known only by its best criterion no longer tops the list by itself."""
    thin = program_data(
        "thin",
        course_list="unknown",
        topics=[],
        specializations="unknown",
        industry=[],
        faculty={**program_data()["faculty"], "ai_adjusted_pubs": 300.0},
    )
    full = program_data(
        "full",
        specializations={"tracks": ["a", "b", "c", "d"], "source": "page"},
        industry=[
            {"kind": k, "detail": "d", "source": "page"}
            for k in ("required-internship", "practicum", "placement-report")
        ],
        topics=[
            {"topic": t, "evidence": "required_course", "course": "c", "source": "page"}
            for t in SCORED_TOPICS
        ],
        faculty={**program_data()["faculty"], "ai_adjusted_pubs": 250.0},
    )
    result = rank(make_catalog(thin, full, program_data("mid")), Query(Weights(), Preferences()))
    assert result.results[0].program["id"] == "full"
    thin_result = next(r for r in result.results if r.program["id"] == "thin")
    assert thin_result.coverage == pytest.approx(0.25)


def test_order_breaks_ties_by_id_and_puts_unknown_last() -> None:
    assert order({"b": 50.0, "a": 50.0, "c": None, "d": 70.0}) == ["d", "a", "b", "c"]


def test_region_without_preference_gets_no_weight() -> None:
    catalog = make_catalog(program_data("alpha"), program_data("beta", region="west"))
    result = rank(catalog, Query(Weights(), Preferences()))
    assert result.weights["region"] == 0.0
    assert result.weights["faculty"] == pytest.approx(0.25)
    # The default weights are nobody's choice: no note about their region weight (issue 27).
    assert not any("region" in note for note in result.notes)
    given = rank(catalog, Query(Weights.of({"region": 2}), Preferences()))
    assert given.weights["region"] == 0.0
    assert any("not applied: no preferred region" in note for note in given.notes)


def test_preferred_region_lifts_a_program() -> None:
    catalog = make_catalog(program_data("alpha"), program_data("beta", region="west"))
    result = rank(catalog, Query(Weights.of({"region": 10}), Preferences(frozenset({"west"}))))
    assert result.results[0].program["id"] == "beta"


def test_top_and_region_filter() -> None:
    catalog = make_catalog(
        program_data("alpha"),
        program_data("beta", region="west"),
        program_data("gamma", region="west"),
    )
    assert [
        r.program["id"] for r in rank(catalog, Query(Weights(), Preferences(), top=1)).results
    ] == ["alpha"]
    west = rank(
        catalog, Query(Weights(), Preferences(), filters=(in_regions(frozenset({"west"})),))
    )
    assert {r.program["id"] for r in west.results} == {"beta", "gamma"}
    with pytest.raises(MlchooseError, match="at least 1"):
        rank(catalog, Query(Weights(), Preferences(), top=0))


def test_filtering_never_changes_scores() -> None:
    strong = program_data("alpha", faculty={**program_data()["faculty"], "ai_adjusted_pubs": 300.0})
    catalog = make_catalog(strong, program_data("beta", region="west"))
    everything = rank(catalog, Query(Weights(), Preferences()))
    west = rank(
        catalog, Query(Weights(), Preferences(), filters=(in_regions(frozenset({"west"})),))
    )
    beta = next(r for r in everything.results if r.program["id"] == "beta")
    assert west.results[0].scores["faculty"].score == beta.scores["faculty"].score


def test_ranking_only_some_programs_renumbers_them_and_keeps_their_totals() -> None:
    catalog = make_catalog(
        program_data("alpha", industry=[]),
        program_data("beta", specializations={"tracks": ["a", "b", "c", "d"], "source": "page"}),
        program_data("gamma", specializations={"tracks": [], "source": "page"}),
    )
    alpha, _, gamma = catalog["programs"]
    everything = rank(catalog, Query(Weights(), Preferences()))
    some = rank(
        catalog,
        Query(Weights(), Preferences(), only=tuple(p["id"] for p in [gamma, alpha, gamma]), top=5),
    )
    assert [r.program["id"] for r in some.results] == ["alpha", "gamma"]
    assert [r.rank for r in some.results] == [1, 2] and some.size == 2
    totals = {r.program["id"]: r.total for r in everything.results}
    assert all(r.total == totals[r.program["id"]] for r in some.results)


def test_compare_finds_winner_margin_and_best_rows() -> None:
    catalog = make_catalog(
        # alpha's source says it has no tracks (exact); beta names four.
        program_data("alpha", industry=[], specializations={"tracks": [], "source": "page"}),
        program_data(
            "beta",
            specializations={"tracks": ["a", "b", "c", "d"], "source": "page"},
            tuition={"amount_usd": 30000, "per": "program", "source": "prices"},
        ),
    )
    result = compare(catalog, list(reversed(catalog["programs"])), Query(Weights(), Preferences()))
    assert result.winner.program["id"] == "beta"
    assert result.margin is not None and result.margin > 0
    assert result.best["specializations"] == {"beta"}
    assert result.best["cost"] == frozenset()  # alpha's total is unknown: no row winner
    assert result.results[0].cost.low == 30000
    assert result.best["faculty"] == frozenset()  # equal values: nothing to highlight


def test_compare_needs_two_distinct_programs() -> None:
    catalog = make_catalog(program_data("alpha"), program_data("beta"))
    with pytest.raises(MlchooseError, match="at least two"):
        compare(catalog, catalog["programs"][:1], Query(Weights(), Preferences()))
    with pytest.raises(MlchooseError, match="named twice"):
        compare(catalog, [catalog["programs"][0]] * 2, Query(Weights(), Preferences()))


def test_a_slim_catalog_ranks_exactly_like_the_full_one() -> None:
    """rank reads the slim cached copy; it must give the very same JSON as the full catalog."""
    from mlchoose.core.analysis import assess
    from mlchoose.data import catalog as catalogs
    from mlchoose.views import records

    prefs = Preferences(frozenset({"west"}), frozenset({"nlp"}))
    full, slim = catalogs.load(), catalogs.load(slim=True)
    assert slim["programs"][0]["notes"] == [] and full["programs"][0]["notes"]
    outputs = []
    for chosen in (full, slim):
        result = rank(chosen, Query(Weights(), prefs, explain=False))
        outputs.append(records.ranking(result, assess(result)))
    assert outputs[0] == outputs[1]
