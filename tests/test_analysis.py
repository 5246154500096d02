"""The decision-support maths: each result checked against a brute-force or published answer."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from collections.abc import Mapping

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlchoose.core.ahp import ahp, judgement_matrix
from mlchoose.core.analysis import tipping_points, why
from mlchoose.core.criteria import CriterionScore
from mlchoose.core.decisive import decisive, drawn_cells
from mlchoose.core.dominance import certain_dominance
from mlchoose.core.ranking import combine, order, stand_ins
from mlchoose.core.robustness import DEFAULT_CONCENTRATION, robustness
from mlchoose.core.sampling import Counter, layout, sorted_codes
from mlchoose.core.scores import Interval, RangeTable, ScoreTable
from mlchoose.errors import MlchooseError
from mlchoose.vocab import CRITERIA, Criterion

Table = dict[str, dict[Criterion, float | None]]
Weights = dict[Criterion, float]

IDS = [f"p{i}" for i in range(6)]
# Quarter steps make exact ties and dominance common; free floats cover the rest.
score_st = st.one_of(
    st.none(),
    st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]),
    st.floats(min_value=0, max_value=1, allow_nan=False),
)
row_st = st.fixed_dictionaries(dict.fromkeys(CRITERIA, score_st))
table_st = st.dictionaries(st.sampled_from(IDS), row_st, min_size=2)
raw_weights_st = st.fixed_dictionaries(
    {c: st.one_of(st.just(0.0), st.floats(min_value=0.01, max_value=10)) for c in CRITERIA}
).filter(lambda w: sum(w.values()) > 0)


def unknown_ranges(table: ScoreTable, stand_in: Mapping[Criterion, float | None]) -> RangeTable:
    """A known score's range is itself; an unknown one spans the known scores of its criterion
    (widened to hold the stand-in, which the total uses for it)."""
    spans: dict[Criterion, Interval] = {}
    for c in CRITERIA:
        known = [v for row in table.values() if (v := row.get(c)) is not None]
        middle = stand_in[c]
        if known and middle is not None:
            spans[c] = (min(*known, middle), max(*known, middle))
    return {
        p: {
            c: (v, v) if (v := row.get(c)) is not None else spans.get(c, (0.0, 1.0))
            for c in CRITERIA
        }
        for p, row in table.items()
    }


def normalised(raw: Mapping[Criterion, float]) -> Weights:
    total = math.fsum(raw.values())
    return {c: raw[c] / total for c in CRITERIA}


def means(table: ScoreTable) -> dict[Criterion, float | None]:
    return stand_ins(
        {c: CriterionScore(c, v, "t") for c, v in row.items()} for row in table.values()
    )


def total(
    row: Mapping[Criterion, float | None],
    weights: Weights,
    stand_in: Mapping[Criterion, float | None],
) -> float | None:
    return combine(
        {c: CriterionScore(c, row.get(c), "t") for c in CRITERIA}, weights, stand_in
    ).total


def totals(
    table: ScoreTable, weights: Weights, stand_in: Mapping[Criterion, float | None]
) -> dict[str, float | None]:
    return {p: total(row, weights, stand_in) for p, row in table.items()}


def rescaled(weights: Weights, k: Criterion, t: float) -> Weights:
    """Weight of k set to t, the others scaled proportionally so the sum stays 1."""
    return {c: t if c == k else w * (1 - t) / (1 - weights[k]) for c, w in weights.items()}


EQUAL: Weights = {
    "curriculum": 0.25,
    "specializations": 0.25,
    "faculty": 0.25,
    "industry": 0.25,
    "region": 0.0,
}


# ---------------------------------------------------------------------------------------------
# Robustness
# ---------------------------------------------------------------------------------------------


def test_same_seed_same_output_and_another_seed_differs() -> None:
    table: Table = {p: {c: random.Random(f"{p}{c}").random() for c in CRITERIA} for p in IDS}
    stand_in = means(table)
    first = robustness(table, stand_in, EQUAL, samples=2_000, seed=7)
    again = robustness(table, stand_in, EQUAL, samples=2_000, seed=7)
    other = robustness(table, stand_in, EQUAL, samples=2_000, seed=8)
    assert first == again
    assert first.results != other.results
    assert first.concentration == DEFAULT_CONCENTRATION
    for spread in first.results:
        assert math.fsum(spread.acceptability) == pytest.approx(1.0)
        assert spread.first == spread.acceptability[0]
        assert 1 <= spread.low <= spread.median <= spread.high <= len(IDS)
        assert spread.weights_iqr is None and spread.unknowns_iqr is None
    assert math.fsum(s.first for s in first.results) == pytest.approx(1.0)


@settings(max_examples=25, deadline=None)
@given(table_st, raw_weights_st, st.integers(0, 2**32), st.booleans())
def test_a_program_better_than_all_others_ranks_first_in_every_sample(
    table: Table, raw: dict[Criterion, float], seed: int, uncertain: bool
) -> None:
    """Dominating everyone (strictly, on every criterion) means first under any weights."""
    others = {
        p: {c: None if v is None else 0.9 * v for c, v in row.items()} for p, row in table.items()
    }
    # "floor" keeps every stand-in below 1, so unknown scores never equal top's.
    board: Table = {
        **others,
        "floor": dict.fromkeys(CRITERIA, 0.0),
        "top": dict.fromkeys(CRITERIA, 1.0),
    }
    stand_in = means(board)
    ranges = unknown_ranges(board, stand_in) if uncertain else None
    result = robustness(board, stand_in, normalised(raw), samples=300, seed=seed, ranges=ranges)
    best = result.results[0]
    assert best.program == "top"
    assert (best.first, best.median, best.low, best.high) == (1.0, 1, 1, 1)


def test_with_huge_concentration_every_sample_is_the_plain_ranking() -> None:
    """Sampled weights -> the user's; exact ties (identical programs) still go by id."""
    table: Table = {
        "delta": {"curriculum": 0.5, "specializations": 0.5, "faculty": 0.5, "industry": None},
        "alpha": {"curriculum": 0.5, "specializations": 0.5, "faculty": 0.5, "industry": None},
        "carol": {"curriculum": 0.9, "specializations": 0.1, "faculty": 0.3, "industry": 0.6},
        "bravo": {"curriculum": 0.25, "specializations": 0.75, "faculty": 1.0, "industry": 0.0},
        "echo": {"curriculum": 0.0, "specializations": 0.25, "faculty": 0.0, "industry": None},
    }
    stand_in = means(table)
    expected = order(totals(table, EQUAL, stand_in))
    assert totals(table, EQUAL, stand_in) == pytest.approx(
        {"alpha": 45.0, "delta": 45.0, "carol": 47.5, "bravo": 50.0, "echo": 13.75}
    )
    result = robustness(table, stand_in, EQUAL, samples=500, seed=1, concentration=1e9)
    assert [s.program for s in result.results] == expected
    for place, spread in enumerate(result.results, start=1):
        assert spread.rank == place
        assert spread.acceptability[place - 1] == 1.0
    assert expected.index("alpha") < expected.index("delta")


def test_key_sort_orders_every_sample_exactly_as_ranking_order() -> None:
    """The int64-key sort behind the counts against ``ranking.order`` sample by sample."""
    import numpy as np

    rnd = random.Random(5)
    count, rows = 11, 300
    values = [
        [rnd.choice([0.0, 12.5, 50.0, 50.0, 87.5, 100.0, rnd.random() * 100]) for _ in range(count)]
        for _ in range(rows)
    ]
    missing = [[rnd.random() < 0.1 for _ in range(count)] for _ in range(rows)]
    numerator = np.array(values) / 100.0
    denominator = np.where(np.array(missing), 0.0, 1.0)
    shift = max(1, (count - 1).bit_length())
    mask = (1 << shift) - 1
    flipped = mask - np.arange(count, dtype=np.int64)
    counter = Counter(layout(count), mask)
    counter.add(sorted_codes(numerator, denominator, shift, flipped, complete=False))
    counts = counter.spread(rows, (5, 25, 50, 75, 95)).counts
    expected = [[0] * count for _ in range(count)]
    ids = [f"id{i:02d}" for i in range(count)]
    for value_row, missing_row in zip(values, missing, strict=True):
        sample: dict[str, float | None] = {
            ident: None if gone else value
            for ident, value, gone in zip(ids, value_row, missing_row, strict=True)
        }
        for place, ident in enumerate(order(sample)):
            expected[ids.index(ident)][place] += 1
    assert counts.tolist() == expected


def test_a_criterion_with_weight_zero_stays_zero() -> None:
    table: Table = {
        "alpha": {"curriculum": 0.0, "faculty": 0.0, "region": 1.0},
        "bravo": {"curriculum": 0.6, "faculty": 0.6, "region": 0.0},
        "carol": {"curriculum": 0.5, "faculty": 0.7, "region": 0.0},
    }
    weights: Weights = {**dict.fromkeys(CRITERIA, 0.0), "curriculum": 0.5, "faculty": 0.5}
    result = robustness(table, means(table), weights, samples=1_000, seed=3, concentration=1.0)
    alpha = next(s for s in result.results if s.program == "alpha")
    assert alpha.first == 0.0 and alpha.low == 3


def test_without_any_total_everyone_ties_and_ids_decide() -> None:
    table: Table = {p: dict.fromkeys(CRITERIA) for p in ("c", "a", "b")}
    result = robustness(table, means(table), EQUAL, samples=50)
    assert [(s.program, s.first, s.median) for s in result.results] == [
        ("a", 1.0, 1),
        ("b", 0.0, 2),
        ("c", 0.0, 3),
    ]


def test_spread_is_split_between_weights_and_unknowns() -> None:
    """One weighted criterion: the weights cannot vary, so all spread comes from the unknown."""
    import numpy as np

    from mlchoose.core.sampling import beta_rows

    table: Table = {
        "known-high": {"faculty": 0.8},
        "known-mid": {"faculty": 0.6},
        "known-low": {"faculty": 0.2},
        "unknown": {"faculty": None},
    }
    weights: Weights = {**dict.fromkeys(CRITERIA, 0.0), "faculty": 1.0}
    stand_in = means(table)
    ranges = unknown_ranges(table, stand_in)
    assert ranges["unknown"]["faculty"] == (0.2, 0.8)
    result = robustness(table, stand_in, weights, samples=4_000, seed=2, ranges=ranges)
    by_id = {s.program: s for s in result.results}
    assert all(s.weights_iqr == 0 for s in result.results)
    # The unknown is drawn on [0.2, 0.8] averaging the stand-in 1.6 / 3: above known-mid's 0.6
    # (rank 2) with the table's chance of a place above 2/3, else rank 3; never past 0.8.
    place = (1.6 / 3 - 0.2) / 0.6
    above = float(np.mean(beta_rows(np.array([place]))[0] > 2 / 3))
    unknown, mid = by_id["unknown"], by_id["known-mid"]
    assert (unknown.first, unknown.low, unknown.median, unknown.high) == (0.0, 2, 3, 3)
    assert unknown.iqr == unknown.unknowns_iqr == 1
    assert mid.iqr == mid.unknowns_iqr == 1
    assert unknown.acceptability[1] == pytest.approx(above, abs=0.03)
    assert by_id["known-high"].first == 1.0 and by_id["known-high"].unknowns_iqr == 0
    assert by_id["known-low"].acceptability[3] == 1.0


@settings(max_examples=30, deadline=None)
@given(table_st, raw_weights_st)
def test_decisive_unknowns_match_a_brute_force_scan(
    table: Table, raw: dict[Criterion, float]
) -> None:
    weights = normalised(raw)
    stand_in = means(table)
    ranges = unknown_ranges(table, stand_in)
    base = totals(table, weights, stand_in)
    assume(all(v is not None for v in base.values()))
    ranked = order(base)
    winner = ranked[0]
    cells = drawn_cells(table, stand_in, weights, ranges)
    found = {
        (d.program, d.criterion): d for d in decisive(table, stand_in, weights, cells, base, ranked)
    }
    for program, row in table.items():
        for criterion in CRITERIA:
            if row.get(criterion) is not None or stand_in[criterion] is None:
                continue
            if weights[criterion] == 0:
                continue
            low, high = ranges[program][criterion]
            if high <= low:
                continue

            def first_with(
                x: float, program: str = program, criterion: Criterion = criterion
            ) -> str:
                return order(
                    {**base, program: total({**table[program], criterion: x}, weights, stand_in)}
                )[0]

            grid = [low + (high - low) * i / 200 for i in range(201)]
            flips = any(first_with(x) != winner for x in grid)
            assert flips == ((program, criterion) in found)
            if flips:
                d = found[program, criterion]
                toward = high if program != winner else low
                assert first_with(toward) == d.new_winner
                step = 1e-6 * (1 if program != winner else -1)
                if low < d.threshold - step < high and low < d.threshold + step < high:
                    assert first_with(d.threshold - step) == winner
                    assert first_with(d.threshold + step) == d.new_winner


def test_robustness_rejects_bad_options() -> None:
    table: Table = {"a": {"faculty": 0.5}, "b": {"faculty": 0.2}}
    # The error names the option as data; the command line spells it as a flag.
    with pytest.raises(MlchooseError, match="between 1 and") as bad:
        robustness(table, means(table), EQUAL, samples=0)
    assert bad.value.option == "samples"
    for value in (0.0, math.inf):
        with pytest.raises(MlchooseError, match="positive number") as bad:
            robustness(table, means(table), EQUAL, concentration=value)
        assert bad.value.option == "concentration"
    assert robustness({}, dict.fromkeys(CRITERIA), EQUAL).results == ()


def test_seeded_robustness_with_unknowns_is_reproducible() -> None:
    table: Table = {
        p: {
            c: None
            if (p, c) in {("p1", "industry"), ("p3", "faculty")}
            else random.Random(f"{p}{c}").random()
            for c in CRITERIA
        }
        for p in IDS
    }
    stand_in = means(table)
    ranges = unknown_ranges(table, stand_in)
    first = robustness(table, stand_in, EQUAL, samples=2_000, seed=3, ranges=ranges)
    again = robustness(table, stand_in, EQUAL, samples=2_000, seed=3, ranges=ranges)
    assert first == again
    assert all(r.weights_iqr is not None and r.unknowns_iqr is not None for r in first.results)


def test_importing_the_module_does_not_import_numpy() -> None:
    code = "import sys, mlchoose.core.analysis; assert 'numpy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------------------------
# Tipping points
# ---------------------------------------------------------------------------------------------


def test_tipping_points_of_a_worked_example() -> None:
    """A = (1, 0), B = (0, 1), w = (0.6, 0.4): A leads by 100 x (0.6 - 0.4) = 20 points."""
    table: Table = {
        "a": {"curriculum": 1.0, "faculty": 0.0},
        "b": {"curriculum": 0.0, "faculty": 1.0},
    }
    weights: Weights = {**dict.fromkeys(CRITERIA, 0.0), "curriculum": 0.6, "faculty": 0.4}
    result = tipping_points(table, means(table), weights, "b", "a")
    assert (result.leader, result.trailer) == ("a", "b")
    assert result.margin == pytest.approx(20.0)
    tips = {t.criterion: t for t in result.tips}
    # R_k for curriculum = d_faculty = -1, d_k = 1: t* = -1 / (-1 - 1) = 0.5; the same for faculty.
    assert tips["curriculum"].flip_weight == pytest.approx(0.5)
    flip = tips["curriculum"].flip_weight
    assert flip is not None and flip - tips["curriculum"].weight == pytest.approx(-0.1)
    assert tips["faculty"].flip_weight == pytest.approx(0.5)
    # margin / weight: 0.2 / 0.6 of a score point on curriculum, 0.2 / 0.4 on faculty.
    assert tips["curriculum"].score_change == pytest.approx(1 / 3)
    assert tips["curriculum"].leader_flip == pytest.approx(2 / 3)
    assert tips["curriculum"].trailer_flip == pytest.approx(1 / 3)
    # On faculty the leader already has 0 and the trailer 1: no score of either alone flips it.
    assert tips["faculty"].score_change == pytest.approx(0.5)
    assert tips["faculty"].leader_flip is None and tips["faculty"].trailer_flip is None
    # Unknown to everyone: in neither total, so no weight of it changes anything.
    assert tips["industry"].flip_weight is None and tips["industry"].score_change is None


@settings(max_examples=50, deadline=None)
@given(table_st, raw_weights_st, st.data())
def test_weight_tipping_points_match_brute_force(
    table: Table, raw: dict[Criterion, float], data: st.DataObject
) -> None:
    a, b = data.draw(st.sampled_from(sorted(table))), data.draw(st.sampled_from(sorted(table)))
    assume(a != b)
    weights = normalised(raw)
    stand_in = means(table)
    result = tipping_points(table, stand_in, weights, a, b)
    if result.margin is None:
        assert all(t.flip_weight is None and t.score_change is None for t in result.tips)
        return

    def margin(w: Weights) -> float:
        first, second = (
            total(table[result.leader], w, stand_in),
            total(table[result.trailer], w, stand_in),
        )
        return 0.0 if first is None or second is None else first - second

    for tip in result.tips:
        k = tip.criterion
        if weights[k] >= 1.0:
            assert tip.flip_weight is None
            continue
        grid = [i / 40 for i in range(41)]  # the ends included: a flip region reaches one
        behind = [t for t in grid if margin(rescaled(weights, k, t)) < -1e-7]
        if tip.flip_weight is None:
            assert not behind, (k, behind[:3])
            continue
        t_star = tip.flip_weight
        assert 0.0 <= t_star <= 1.0
        assert margin(rescaled(weights, k, t_star)) == pytest.approx(0.0, abs=1e-6)
        # The order flips towards the end where the margin is negative (t* = the weight now when
        # the two are tied now, so the direction comes from the ends, not from t* - weight).
        end = min((0.0, 1.0), key=lambda t: margin(rescaled(weights, k, t)))
        assert margin(rescaled(weights, k, end)) <= 1e-7
        for t in behind:  # every grid point with the trailer ahead lies past t*
            assert (t - t_star) * (end - t_star) >= -1e-9


@settings(max_examples=50, deadline=None)
@given(table_st, raw_weights_st, st.data())
def test_score_tipping_points_match_brute_force(
    table: Table, raw: dict[Criterion, float], data: st.DataObject
) -> None:
    a, b = data.draw(st.sampled_from(sorted(table))), data.draw(st.sampled_from(sorted(table)))
    assume(a != b)
    weights = normalised(raw)
    stand_in = means(table)
    result = tipping_points(table, stand_in, weights, a, b)
    assume(result.margin is not None)

    def lead(program: str, k: Criterion, x: float) -> float:
        moved = {**table, program: {**table[program], k: x}}
        first, second = (
            total(moved[result.leader], weights, stand_in),
            total(moved[result.trailer], weights, stand_in),
        )
        assert first is not None and second is not None
        return first - second

    for tip in result.tips:
        k = tip.criterion
        if tip.score_change is None:
            assert weights[k] == 0 or stand_in[k] is None
            continue
        for program, flip, extreme in (
            (result.leader, tip.leader_flip, 0.0),
            (result.trailer, tip.trailer_flip, 1.0),
        ):
            if flip is None:
                assert lead(program, k, extreme) > -1e-7
            else:
                assert lead(program, k, flip) == pytest.approx(0.0, abs=1e-6)


def test_tipping_points_need_two_programs() -> None:
    table: Table = {"a": {"faculty": 0.5}, "b": {"faculty": 0.2}}
    with pytest.raises(MlchooseError, match="twice"):
        tipping_points(table, means(table), EQUAL, "a", "a")


# ---------------------------------------------------------------------------------------------
# "why"
# ---------------------------------------------------------------------------------------------


def test_why_names_the_largest_contribution_differences() -> None:
    table: Table = {
        "a": {"curriculum": 0.9, "specializations": 0.5, "faculty": 0.2, "industry": None},
        "b": {"curriculum": 0.1, "specializations": 0.5, "faculty": 0.5, "industry": 0.4},
        "c": {"curriculum": 0.5, "specializations": 0.5, "faculty": 0.5, "industry": 0.8},
    }
    result = why(table, means(table), EQUAL, "b", "a", limit=2)
    assert (result.leader, result.trailer) == ("a", "b")
    # Points: curriculum +20, faculty -7.5, industry (0.6 stand-in vs 0.4) +5, specializations 0.
    assert [(r.criterion, round(r.points, 6)) for r in result.reasons] == [
        ("curriculum", 20.0),
        ("faculty", -7.5),
    ]
    assert result.reasons[0].leader_score == 0.9
    assert result.margin is not None
    assert result.rest == pytest.approx(5.0)
    assert math.fsum(r.points for r in result.reasons) + result.rest == pytest.approx(result.margin)


# ---------------------------------------------------------------------------------------------
# Dominance
# ---------------------------------------------------------------------------------------------


ranges_st = st.dictionaries(
    st.sampled_from(IDS),
    st.fixed_dictionaries(
        {
            c: st.tuples(st.floats(0, 1), st.floats(0, 1)).map(lambda t: (min(t), max(t)))
            for c in CRITERIA
        }
    ),
    min_size=2,
)


@settings(max_examples=100, deadline=None)
@given(ranges_st, raw_weights_st)
def test_certain_dominance_matches_the_definition(
    ranges: dict[str, dict[Criterion, tuple[float, float]]], raw: dict[Criterion, float]
) -> None:
    """Q dominates P for certain: Q's low >= P's high on every weighted criterion, > on one."""
    weights = normalised(raw)
    stand_in: dict[Criterion, float | None] = dict.fromkeys(CRITERIA, 0.5)
    used = [c for c in CRITERIA if weights[c] > 0]
    ranked = sorted(ranges)

    def dominates(q: str, p: str) -> bool:
        low = [round(ranges[q][c][0], 9) for c in used]
        high = [round(ranges[p][c][1], 9) for c in used]
        return all(a >= b for a, b in zip(low, high, strict=True)) and low != high

    result = certain_dominance(ranges, stand_in, weights, ranked)
    expected = {p for p in ranges if any(dominates(q, p) for q in ranges if q != p)}
    assert set(result.dominated) == expected
    for p, by in result.dominated.items():
        assert dominates(by, p)


def test_a_program_dominated_for_certain_never_ranks_first() -> None:
    table: Table = {
        "strong": {"curriculum": 0.8, "faculty": 0.9, "industry": 0.5},
        "weak": {"curriculum": 0.7, "faculty": 0.9, "industry": 0.4},
        "other": {"curriculum": 1.0, "faculty": 0.1, "industry": 0.2},
    }
    stand_in = means(table)
    exact = {
        p: {c: (v, v) if (v := row.get(c)) is not None else (0.0, 1.0) for c in CRITERIA}
        for p, row in table.items()
    }
    weights = normalised(
        {"curriculum": 1, "specializations": 0, "faculty": 1, "industry": 1, "region": 0}
    )
    result = certain_dominance(exact, stand_in, weights, sorted(table))
    assert result.dominated == {"weak": "strong"}
    robust = robustness(table, stand_in, weights, samples=2_000, concentration=1.0)
    assert next(s for s in robust.results if s.program == "weak").first == 0.0


# ---------------------------------------------------------------------------------------------
# AHP
# ---------------------------------------------------------------------------------------------


def test_ahp_reproduces_the_wikipedia_leader_example() -> None:
    """Wikipedia, "Analytic hierarchy process - leader example", criteria matrix: Experience,
    Education, Charisma, Age with published priorities .547, .127, .270, .056 and CR 0.044."""
    items = ["Experience", "Education", "Charisma", "Age"]
    judgements = [
        ("Experience", "Education", 4.0),
        ("Experience", "Charisma", 3.0),
        ("Experience", "Age", 7.0),
        ("Education", "Charisma", 1 / 3),
        ("Education", "Age", 3.0),
        ("Charisma", "Age", 5.0),
    ]
    result = ahp(items, judgements)
    published = {"Experience": 0.547, "Education": 0.127, "Charisma": 0.270, "Age": 0.056}
    for item, weight in published.items():
        assert result.weights[item] == pytest.approx(weight, abs=1e-3)  # published to 3 places
    assert round(result.cr, 3) == 0.044
    assert result.consistent
    geometric = ahp(items, judgements, method="geometric")
    for item, weight in published.items():  # close, not equal: the matrix is not consistent
        assert geometric.weights[item] == pytest.approx(weight, abs=2e-3)
    assert geometric.cr == result.cr


def test_ahp_reproduces_saatys_house_example() -> None:
    """T. L. Saaty, "How to make a decision: The Analytic Hierarchy Process", European Journal
    of Operational Research 48 (1990) 9-26, the house example (criteria: size, transportation,
    neighbourhood, age, yard, modern facilities, general condition, financing): published
    priorities .173 .054 .188 .018 .031 .036 .167 .333, lambda_max 9.669, CI 0.238, CR 0.169."""
    items = [
        "size",
        "transport",
        "neighbourhood",
        "age",
        "yard",
        "modern",
        "condition",
        "financing",
    ]
    upper = [
        [5, 3, 7, 6, 6, 1 / 3, 1 / 4],
        [1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
        [6, 3, 4, 6, 1 / 5],
        [1 / 3, 1 / 4, 1 / 7, 1 / 8],
        [1 / 2, 1 / 5, 1 / 6],
        [1 / 5, 1 / 6],
        [1 / 2],
    ]
    judgements = [
        (items[i], items[i + 1 + j], float(ratio))
        for i, row in enumerate(upper)
        for j, ratio in enumerate(row)
    ]
    result = ahp(items, judgements)
    published = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert [round(result.weights[i], 3) for i in items] == published
    assert round(result.lambda_max, 3) == 9.669
    assert round(result.ci, 3) == 0.238
    assert round(result.cr, 3) == 0.169
    assert not result.consistent


def test_consistent_judgements_give_exact_weights_either_way() -> None:
    weights: dict[Criterion, float] = {
        "curriculum": 0.4,
        "specializations": 0.1,
        "faculty": 0.3,
        "industry": 0.2,
    }
    names = list(weights)
    judgements = [
        (x, y, weights[x] / weights[y]) for i, x in enumerate(names) for y in names[i + 1 :]
    ]
    for method in ("eigenvector", "geometric"):
        result = ahp(names, judgements, method=method)
        assert result.weights == pytest.approx(weights)
        assert result.cr == pytest.approx(0.0, abs=1e-12) and result.lambda_max == pytest.approx(
            4.0
        )
    two = ahp(["faculty", "industry"], [("industry", "faculty", 3.0)])
    assert two.weights == pytest.approx({"faculty": 0.25, "industry": 0.75}) and two.cr == 0.0


def test_judgements_are_checked() -> None:
    items = ["a", "b", "c"]
    with pytest.raises(MlchooseError, match="missing judgements: a vs c, b vs c"):
        judgement_matrix(items, [("a", "b", 2.0)])
    with pytest.raises(MlchooseError, match="judged twice"):
        judgement_matrix(items, [("a", "b", 2.0), ("b", "a", 0.5), ("a", "c", 1), ("b", "c", 1)])
    with pytest.raises(MlchooseError, match="1-9 scale"):
        judgement_matrix(items, [("a", "b", 10.0)])
    with pytest.raises(MlchooseError, match="unknown item: d"):
        judgement_matrix(items, [("a", "d", 2.0)])
    with pytest.raises(MlchooseError, match="itself"):
        judgement_matrix(items, [("a", "a", 1.0)])
    assert judgement_matrix(items, [("a", "b", 3), ("c", "a", 1 / 9), ("b", "c", 1)]) == [
        [1.0, 3.0, 9.0],
        [1 / 3, 1.0, 1.0],
        [1 / 9, 1.0, 1.0],
    ]
