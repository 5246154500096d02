"""Issue 20: the bounded robustness engine gives the recorded answers for the same seed.

The weights-only cases still hold the answers of the implementation before issue 20; the
cases that draw scores were recorded again when their draws moved to the quantile table."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlchoose.core import sampling
from tests.core.robust_cases import CASES, record, run

DOCUMENT = json.loads(CASES.read_text(encoding="utf-8"))
NAMES = [case["name"] for case in DOCUMENT["cases"]]


def case_named(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    case = next(c for c in DOCUMENT["cases"] if c["name"] == name)
    return DOCUMENT["inputs"][case["inputs"]], case


@pytest.mark.parametrize("name", NAMES)
def test_same_answers_as_before_for_the_same_seed(name: str) -> None:
    inputs, case = case_named(name)
    result = run(inputs, case)
    assert record(result) == case["expected"]
    assert result.rank_bin == 1 and result.exact_ranks == len(result.results)
    for spread, expected in zip(result.results, case["expected"]["programs"], strict=True):
        counts = [0] * len(spread.acceptability)
        for rank, count in expected["counts"]:
            counts[rank - 1] = count
        assert spread.acceptability == tuple(c / result.samples for c in counts)


@pytest.mark.parametrize(
    "name", ["builtin-data", "golden-data", "hand-60-open-ranges", "hand-130-nostand-plain"]
)
def test_binned_counts_keep_the_first_ranks_exact_and_the_rest_within_a_bin(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The big-catalog layout forced on a small one (same draws): ranks 1..K stay exact, and a
    percentile beyond is off by less than the bin's width."""
    inputs, case = case_named(name)
    size = len(inputs["scores"])
    exact = max(2, size // 5)
    monkeypatch.setattr(sampling, "COUNTERS", size * (exact + (size - exact) // 4))
    monkeypatch.setattr(sampling, "EXACT_RANKS", exact)
    shape = sampling.layout(size, sampling.COUNTERS, exact)
    assert shape.width > 1
    monkeypatch.setattr(sampling, "layout", lambda n: shape)
    result = run(inputs, case)
    assert (result.exact_ranks, result.rank_bin) == (exact, shape.width)
    for spread, expected in zip(result.results, case["expected"]["programs"], strict=True):
        assert spread.program == expected["program"]
        assert spread.first == expected["first"]
        counts = dict(expected["counts"])
        reached = max([r for r in counts if r <= exact], default=1)  # trailing zeros dropped
        assert spread.acceptability == tuple(
            counts.get(r, 0) / result.samples for r in range(1, reached + 1)
        )
        for field in ("low", "median", "high"):
            got, want = getattr(spread, field), expected[field]
            if want <= exact:
                assert got == want, field
            else:
                assert abs(got - want) < shape.width, field
        assert abs(spread.iqr - expected["iqr"]) < 2 * shape.width


def test_the_layout_is_exact_up_to_the_counter_budget() -> None:
    assert sampling.layout(2_000) == sampling.Layout(2_000, 2_000, 1)
    big = sampling.layout(10_000)
    assert big.exact == sampling.EXACT_RANKS and big.width > 1
    assert big.columns * 10_000 <= sampling.COUNTERS
    assert big.exact + (big.columns - big.exact) * big.width >= 10_000


def test_a_report_samples_its_shortlist_only() -> None:
    """report --top N: robustness among the N shown, with the catalog-wide stand-ins."""
    from mlchoose.cli.options import _choices, query
    from mlchoose.core.analysis import shortlist_robustness
    from mlchoose.core.query import Robust
    from mlchoose.core.ranking import rank
    from mlchoose.data import catalog
    from tests.core.robust_cases import ROOT

    loaded = catalog.load(ROOT / "tests" / "golden" / "catalog.yaml", [])
    result = rank(loaded, query(_choices(), top=3))
    found = shortlist_robustness(result, Robust(samples=500, seed=4))
    assert found is not None
    shown = [r.program["id"] for r in result.results]
    assert [r.program for r in found.results] == shown
    assert all(1 <= r.low <= r.median <= r.high <= 3 for r in found.results)
    assert sum(r.first for r in found.results) == pytest.approx(1.0)
    assert len(result.everything) > 3
    assert shortlist_robustness(result._replace(results=()), Robust()) is None


def test_the_beta_draws_follow_numpys_beta_and_average_the_point() -> None:
    """The shipped quantiles, mixed for a place between two stored ones: the mean is the place
    (what "averaging its point" promises) and the quantiles those of NumPy's Beta draws."""
    import numpy as np

    places = np.array([0.01, 0.013, 0.05, 0.2, 0.5, 0.505, 0.77, 0.99])
    rows = sampling.beta_rows(places)
    assert rows.shape == (len(places), sampling.QUANTILES)
    assert np.all(np.diff(rows, axis=1) >= 0) and rows.min() >= 0 and rows.max() <= 1
    rng = np.random.default_rng(0)
    for place, row in zip(places, rows, strict=True):
        assert row.mean() == pytest.approx(place, abs=2e-5)
        drawn = rng.beta(4 * place, 4 * (1 - place), size=200_000)
        for q in (0.05, 0.25, 0.5, 0.75, 0.95):
            assert np.quantile(row, q) == pytest.approx(np.quantile(drawn, q), abs=0.01)


def test_the_shipped_quantiles_are_the_ones_the_recipe_computes() -> None:
    """The data file is generated (tests/core/beta_quantiles.py): a few rows computed again
    agree to the file's rounding, and the places above 1/2 mirror those below."""
    import numpy as np

    from tests.core.beta_quantiles import FILE, quantile_table

    stored = np.frombuffer(FILE.read_bytes(), dtype="<u2").reshape(-1, sampling.QUANTILES)
    assert len(stored) == sampling.PLACE_STEPS // 2
    steps = np.array([1, 17, 50])
    fresh = np.rint(quantile_table(steps / sampling.PLACE_STEPS) * 65535)
    assert np.abs(fresh - stored[steps - 1]).max() <= 1
    mirrored = sampling.beta_rows(np.array([0.83]))[0]
    assert mirrored == pytest.approx(1 - sampling.beta_rows(np.array([0.17]))[0][::-1], abs=1e-12)


def test_a_big_catalog_is_sampled_with_bounded_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over BIG_CATALOG programs (here lowered): grouped rows and bigger chunks, binned counts,
    the split over fewer samples; same seed, same answers; ranks in range; first shares sum
    to 1."""
    inputs, case = case_named("hand-130-open-ranges")
    monkeypatch.setattr(sampling, "BIG_CATALOG", 100)
    monkeypatch.setattr(sampling, "COUNTERS", 130 * 40)
    monkeypatch.setattr(sampling, "EXACT_RANKS", 10)
    monkeypatch.setattr(sampling, "SPLIT_SAMPLES", 300)
    first, again = run(inputs, case), run(inputs, case)
    assert first == again
    assert (first.exact_ranks, first.rank_bin, first.split_samples) == (10, 4, 300)
    assert sum(r.first for r in first.results) == pytest.approx(1.0)
    for spread in first.results:
        assert 1 <= spread.low <= spread.median <= spread.high <= 130
        assert 1 <= len(spread.acceptability) <= 10
        assert spread.weights_iqr is not None and spread.unknowns_iqr is not None
    # The same draws in another layout, stream and chunking: close, not equal.
    expected = {p["program"]: p for p in case["expected"]["programs"]}
    medians = [abs(r.median - expected[r.program]["median"]) for r in first.results]
    assert sum(medians) / len(medians) < 4
