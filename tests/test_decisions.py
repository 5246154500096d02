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


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """beta is as good as alpha everywhere but worse on tracks: alpha dominates it."""
    alpha = program_data(
        "alpha", specializations={"tracks": ["a", "b", "c", "d"], "source": "page"}
    )
    gamma = program_data(
        "gamma",
        region="west",
        industry=[{"kind": "required-internship", "detail": "d", "source": "page"}],
        specializations={"tracks": [], "source": "page"},
    )
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(alpha, program_data("beta"), gamma)), encoding="utf-8")
    return path


def test_rank_marks_dominated_programs_and_pareto_hides_them(catalog: Path) -> None:
    data = json.loads(run("rank", "-f", "json", "--catalog", str(catalog)))
    dominated = {p["id"]: p["dominated_by"] for p in data["programs"]}
    assert dominated == {"alpha": None, "beta": "alpha", "gamma": None}
    assert any(
        line.split()[:2] == ["2†", "beta"]
        for line in run("rank", "--catalog", str(catalog)).splitlines()
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


def test_robust_with_unknowns_reports_both_spreads(tmp_path: Path) -> None:
    internship = [{"kind": "required-internship", "detail": "d", "source": "page"}]
    known = program_data("alpha", industry=internship)
    unknown = program_data("beta", industry=[])  # industry unknown: drawn in its interval
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(known, unknown, program_data("gamma"))), encoding="utf-8")
    args = [
        "rank",
        "-f",
        "json",
        "--robust",
        "--unknowns",
        "--samples",
        "500",
        "--catalog",
        str(path),
    ]
    out = json.loads(run(*args))["robustness"]
    assert "industry" in out["unknown_intervals"]
    low, high = out["unknown_intervals"]["industry"]
    assert 0.3 <= low <= high <= 0.4  # within the known industry scores (0.3 and 0.4)
    spreads = out["programs"].values()
    assert all(p["iqr_weights"] is not None and p["iqr_unknowns"] is not None for p in spreads)


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
    kinds = ["required-internship", "practicum"]
    niche = program_data(
        "niche",
        specializations={"tracks": [], "source": "page"},
        industry=[{"kind": k, "detail": "d", "source": "page"} for k in kinds],
    )
    programs = [program_data("best", specializations=better), niche]
    programs += [program_data(f"p{i}") for i in range(3)]  # each dominated by best
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(*programs)), encoding="utf-8")
    everything = json.loads(run("rank", "-f", "json", "--catalog", str(path)))["programs"]
    assert [p["id"] for p in everything][-1] == "niche"
    data = json.loads(run("rank", "-f", "json", "--pareto", "--top", "2", "--catalog", str(path)))
    assert [p["id"] for p in data["programs"]] == ["best", "niche"]
