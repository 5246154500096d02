"""The CLI's decision support: --robust, dominance and --pareto, tipping points, why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from tests.factories import catalog_data, dump, program_data

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


NO_THESIS = {"option": "none", "source": "page"}
#: A source saying there are no tracks: exact, where a list of named tracks is only a floor.
NO_TRACKS = {"tracks": [], "source": "page"}
#: Industry evidence worth the full score: its low is 1, at or above anyone's high.
FULL_TIES = [
    {"kind": k, "detail": "d", "source": "page"}
    for k in ("required-internship", "practicum", "industry-capstone")
]


def stronger_faculty(ident: str) -> dict[str, object]:
    return {**program_data(ident)["faculty"], "ai_adjusted_pubs": 60.0}


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """alpha's lows are at or above beta's highs everywhere and above on tracks: alpha
    dominates beta for certain. gamma has stronger faculty, so nobody dominates it."""
    alpha = program_data(
        "alpha",
        specializations={"tracks": ["a", "b", "c", "d"], "source": "page"},
        thesis=NO_THESIS,
        industry=FULL_TIES,
    )
    gamma = program_data(
        "gamma",
        region="west",
        industry=[{"kind": "required-internship", "detail": "d", "source": "page"}],
        specializations={"tracks": [], "source": "page"},
        thesis=NO_THESIS,
        faculty=stronger_faculty("gamma"),
    )
    beta = program_data("beta", thesis=NO_THESIS, specializations=NO_TRACKS)
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(alpha, beta, gamma)), encoding="utf-8")
    return path


def test_a_gap_in_the_data_is_no_dominance(tmp_path: Path) -> None:
    """Points alone would mark beta dominated; its unknown thesis leaves its high open."""
    alpha = program_data(
        "alpha",
        specializations={"tracks": ["a", "b", "c", "d"], "source": "page"},
        thesis=NO_THESIS,
        industry=FULL_TIES,
    )
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(alpha, program_data("beta"))), encoding="utf-8")
    data = json.loads(run("rank", "-f", "json", "--catalog", str(path)))
    assert {p["id"]: p["dominated_by"] for p in data["programs"]} == {
        "alpha": None,
        "beta": None,
    }


def test_rank_marks_dominated_programs_and_pareto_hides_them(catalog: Path) -> None:
    data = json.loads(run("rank", "-f", "json", "--catalog", str(catalog)))
    dominated = {p["id"]: p["dominated_by"] for p in data["programs"]}
    assert dominated == {"alpha": None, "beta": "alpha", "gamma": None}
    assert any(
        line.split()[0].endswith("†") and line.split()[1] == "beta"
        for line in run("rank", "--catalog", str(catalog)).splitlines()
        if len(line.split()) > 1
    )
    pareto = json.loads(run("rank", "-f", "json", "--pareto", "--catalog", str(catalog)))
    assert [p["id"] for p in pareto["programs"]] == ["alpha", "gamma"]


def test_robust_is_reproducible_with_a_seed(catalog: Path) -> None:
    args = ("rank", "-f", "json", "--robust", "--samples", "2000", "--catalog", str(catalog))
    first = json.loads(run(*args, "--seed", "7"))["robustness"]
    assert first == json.loads(run(*args, "--seed", "7"))["robustness"]
    assert first["samples"] == 2000 and first["seed"] == 7
    shares = [p["first"] for p in first["programs"].values()]
    assert sum(shares) == pytest.approx(1.0)
    assert first["programs"]["beta"]["first"] == 0.0  # a dominated program never ranks first
    table = run("rank", "--robust", "--samples", "500", "--catalog", str(catalog))
    assert "How sure is the order?" in table and "5-95 %" in table


def test_robust_draws_the_data_unless_weights_only(tmp_path: Path) -> None:
    internship = [{"kind": "required-internship", "detail": "d", "source": "page"}]
    known = program_data("alpha", industry=internship)
    unknown = program_data("beta", industry=[])  # industry unknown: drawn in its range
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(known, unknown, program_data("gamma"))), encoding="utf-8")
    args = ["rank", "-f", "json", "--robust", "--samples", "500", "--catalog", str(path)]
    out = json.loads(run(*args))["robustness"]
    spreads = out["programs"].values()
    assert all(p["iqr_weights"] is not None and p["iqr_unknowns"] is not None for p in spreads)
    only = json.loads(run(*args, "--weights-only"))["robustness"]["programs"].values()
    assert all(p["iqr_weights"] is None for p in only)


def test_unknowns_needs_robust() -> None:
    result = runner.invoke(app, ["rank", "--unknowns"])
    assert result.exit_code == 2 and "--unknowns works with --robust" in result.stderr


def test_compare_gives_tipping_points_and_why(catalog: Path) -> None:
    data = json.loads(run("compare", "alpha", "gamma", "-f", "json", "--catalog", str(catalog)))
    tips = data["tipping"]
    assert tips["leader"] == data["winner"]
    assert set(tips["criteria"]) == {
        "curriculum",
        "specializations",
        "faculty",
        "industry",
        "region",
    }
    assert tips["margin"] == pytest.approx(data["margin"], abs=0.01)
    table = run("compare", "alpha", "gamma", "--catalog", str(catalog))
    assert "Tipping points" in table and "Flips at weight" in table


def test_why_in_plain_words(catalog: Path) -> None:
    text = run("why", "gamma", "alpha", "--catalog", str(catalog))
    first = text.splitlines()[0]
    assert first.startswith("alpha leads gamma by ") and first.endswith(" points.")
    assert "specializations" in text
    data = json.loads(run("why", "alpha", "gamma", "-f", "json", "--catalog", str(catalog)))
    assert data["why"][0]["criterion"] in ("specializations", "industry")


def test_pareto_comes_before_top(tmp_path: Path) -> None:
    """The two non-dominated programs rank first and last: --top 2 must still show both."""
    better = {"tracks": ["a", "b", "c", "d"], "source": "page"}
    niche = program_data(
        "niche",
        specializations={"tracks": [], "source": "page"},
        thesis=NO_THESIS,
        faculty=stronger_faculty("niche"),
        industry=[{"kind": "career-services", "detail": "d", "source": "page"}],
        topics=[],  # a complete list without the scored topics: last, yet undominated
    )
    best = program_data("best", specializations=better, thesis=NO_THESIS, industry=FULL_TIES)
    programs = [best, niche]
    programs += [  # best beats each
        program_data(f"p{i}", thesis=NO_THESIS, specializations=NO_TRACKS) for i in range(3)
    ]
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(*programs)), encoding="utf-8")
    everything = json.loads(run("rank", "-f", "json", "--catalog", str(path)))["programs"]
    assert [p["id"] for p in everything][-1] == "niche"
    data = json.loads(run("rank", "-f", "json", "--pareto", "--top", "2", "--catalog", str(path)))
    assert [p["id"] for p in data["programs"]] == ["best", "niche"]


def test_the_robust_table_says_the_uncertain_scores_were_drawn(catalog: Path) -> None:
    drawn = run("rank", "--robust", "--samples", "500", "--catalog", str(catalog))
    assert "Every uncertain score (partial or no evidence) was drawn too" in drawn
    fixed = run("rank", "--robust", "--weights-only", "--samples", "500", "--catalog", str(catalog))
    assert "was drawn too" not in fixed
