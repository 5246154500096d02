"""Graduate earnings as a criterion a user can weight (issue 26): opt-in, a range when unknown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.core.criteria import EARNINGS_FLOOR, EARNINGS_TOP, Context, outcomes
from mlchoose.user.preferences import Weights, parse_weights
from tests.factories import catalog_data, dump, make_program, program_data

CONTEXT = Context(None, frozenset())


def earning(figure: int | None, *, row: bool = True) -> Any:
    if not row:
        return make_program()
    fact: dict[str, Any] = {"unitid": 145637, "field": "11.07", "source": "page"}
    if figure is not None:
        fact["earnings_1yr"] = figure
    return make_program(earnings=fact)


@given(st.integers(0, 1_000_000), st.integers(0, 1_000_000))
def test_more_earnings_never_score_lower_and_scores_stay_in_0_1(a: int, b: int) -> None:
    low, high = sorted((a, b))
    first, second = outcomes(earning(low), CONTEXT), outcomes(earning(high), CONTEXT)
    assert first.score is not None and second.score is not None
    assert 0.0 <= first.score <= second.score <= 1.0
    assert first.low == first.score == first.high  # a published figure is exact


@given(st.integers(int(EARNINGS_FLOOR), int(EARNINGS_TOP)))
def test_the_rule_is_linear_between_its_anchors(figure: int) -> None:
    score = outcomes(earning(figure), CONTEXT).score
    expected = (figure - EARNINGS_FLOOR) / (EARNINGS_TOP - EARNINGS_FLOOR)
    assert score is not None and abs(score - expected) < 1e-12


def test_unpublished_and_unlisted_earnings_are_unknown_with_the_whole_range() -> None:
    for program, why in ((earning(None), "privacy"), (earning(0, row=False), "no Scorecard row")):
        found = outcomes(program, CONTEXT)
        assert found.score is None and (found.low, found.high) == (0.0, 1.0)
        assert why in found.rule


def test_outcomes_weighs_nothing_and_is_not_shown_unless_named() -> None:
    assert "outcomes" not in Weights().raw and "outcomes" not in parse_weights("faculty=5").raw
    assert parse_weights("earnings=3").raw["outcomes"] == 3  # a synonym a student would type


def ranked(path: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["rank", "-f", "json", "--catalog", str(path), *args])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def catalog(tmp_path: Path) -> Path:
    cip_cmu = {"code": "11.01", "basis": "reported", "unitid": 211440, "source": "page"}
    cip_usc = {"code": "11.07", "basis": "reported", "unitid": 123961, "source": "page"}
    programs = [
        program_data("lower", cip=cip_cmu),  # $138,781 one year after
        program_data("higher", cip=cip_usc),  # $134,544: lower than CMU's
        program_data("unlisted"),
    ]
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(*programs)), encoding="utf-8")
    return path


def test_without_outcomes_the_ranking_and_its_json_are_as_before(tmp_path: Path) -> None:
    path = catalog(tmp_path)
    plain = ranked(path)
    assert "outcomes" not in plain["weights"]
    assert all("outcomes" not in p["scores"] for p in plain["programs"])
    zero = ranked(path, "--weights", "outcomes=0")
    assert [p["id"] for p in zero["programs"]] == [p["id"] for p in plain["programs"]]
    assert [p["total"] for p in zero["programs"]] == [p["total"] for p in plain["programs"]]


def test_weighted_outcomes_rank_by_earnings_and_leave_an_unknown_a_range(tmp_path: Path) -> None:
    found = ranked(catalog(tmp_path), "--weights", "outcomes=100")
    order = [p["id"] for p in found["programs"]]
    assert order.index("lower") < order.index("higher")  # $138,781 > $134,544
    unlisted = next(p for p in found["programs"] if p["id"] == "unlisted")
    assert unlisted["scores"]["outcomes"] is None
    assert unlisted["ranges"]["outcomes"] == [0.0, 1.0]


def test_robustness_dominance_and_tipping_take_outcomes_like_the_others(tmp_path: Path) -> None:
    path = catalog(tmp_path)
    robust = ranked(path, "--weights", "outcomes=3", "--robust", "--samples", "200")
    assert {d["criterion"] for d in robust["robustness"]["decisive_unknowns"]} <= {
        "curriculum",
        "specializations",
        "faculty",
        "industry",
        "region",
        "outcomes",
    }
    result = CliRunner().invoke(
        app,
        ["why", "lower", "higher", "-f", "json", "--weights", "outcomes=3", "--catalog", str(path)],
    )
    assert result.exit_code == 0, result.output
    assert "outcomes" in json.loads(result.stdout)["criteria"]


def test_the_interview_asks_about_earnings_only_when_wanted() -> None:
    ten = "\n".join(["="] * 10) + "\n\n"  # '=' for the same ('1' is refused, issue 27)
    plain = CliRunner().invoke(app, ["interview"], input=ten)
    assert plain.exit_code == 0, plain.output
    assert "earnings" not in plain.output
    fifteen = "\n".join(["="] * 15) + "\n\n"
    asked = CliRunner().invoke(app, ["interview", "--earnings"], input=fifteen)
    assert asked.exit_code == 0, asked.output
    assert "15/15" in asked.output and "outcomes" in asked.output
