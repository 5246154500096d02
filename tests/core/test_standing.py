"""show's 'what would most change its standing': open scores, ranked by how far they move it."""

from __future__ import annotations

from mlchoose.core.query import Query
from mlchoose.core.standing import explain
from mlchoose.user.preferences import Preferences, Weights
from tests.factories import make_catalog, program_data

KNOWN = {"thesis": {"option": "none", "source": "page"}}


def test_only_open_scores_are_listed_and_the_widest_swing_comes_first() -> None:
    full = program_data(
        "full",
        industry=[
            {"kind": k, "detail": "d", "source": "page"}
            for k in ("required-internship", "practicum", "industry-capstone")
        ],
        **KNOWN,
    )
    thin = program_data("thin", course_list="partial", industry=[], **KNOWN)
    others = [program_data(f"p{i}", **KNOWN) for i in range(4)]
    catalog = make_catalog(full, thin, *others)
    found = explain(catalog, catalog["programs"][1], Query(Weights(), Preferences()))
    listed = [d.criterion for d in found.discoveries]
    assert "faculty" not in listed and "region" not in listed  # exact or not weighted
    assert set(listed) <= {"curriculum", "industry", "specializations"} and listed
    for d in found.discoveries:
        assert d.rank_high <= found.result.rank <= d.rank_low
        assert d.total_low <= (found.result.total or 0) <= d.total_high
    swings = [d.rank_low - d.rank_high for d in found.discoveries]
    assert swings == sorted(swings, reverse=True)
    exact = explain(catalog, catalog["programs"][0], Query(Weights(), Preferences()))
    assert all(d.criterion != "curriculum" for d in exact.discoveries)  # complete list: exact
