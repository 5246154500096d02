"""Every fact's basis, disputed facts and secondary-only facts (issue 27), in every view."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.data.catalog import check_file
from tests.factories import catalog_data, dump, program_data

SECONDARY = {"url": "https://news.example.com/omscs-cost", "year": 2025, "kind": "secondary"}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    disputed_gre = {
        "policy": "not-considered",
        "cycle": "Fall 2026",
        "source": "page",
        "quote": "GRE scores are not considered.",
        "disputed": [
            {
                "says": "optional: submitted scores are considered",
                "source": "faq",
                "quote": "If you do submit GRE scores, they will be considered.",
            }
        ],
    }
    alpha = program_data("alpha", gre=disputed_gre)
    alpha["sources"]["faq"] = {"url": "https://alpha.example.edu/faq", "year": "2026"}
    secondary = program_data(
        "beta",
        tuition={
            "amount_usd": 180,
            "per": "credit",
            "source": "news",
            "basis": "secondary",
            "quote": "$180 per credit hour",
        },
        credits={"amount": 30, "unit": "semester-credits", "source": "page"},
        fees={"amount_usd": 100, "per": "program", "source": "prices"},
    )
    secondary["sources"]["news"] = SECONDARY
    found = tmp_path / "c.yaml"
    found.write_text(dump(catalog_data(alpha, secondary)), encoding="utf-8")
    return found


def run(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "140"})
    assert result.exit_code == 0, result.output
    return result


def test_show_gives_both_values_of_a_disputed_fact_with_their_sources(path: Path) -> None:
    out = run("show", "alpha", "--catalog", str(path)).stdout
    assert "not-considered" in out and "disputed" in out
    assert "optional: submitted scores are considered" in out
    assert "https://alpha.example.edu/faq" in out  # the other value's source is listed


def test_compare_marks_a_disputed_or_secondary_fact(path: Path) -> None:
    out = run("compare", "alpha", "beta", "--catalog", str(path)).stdout
    assert "(disputed)" in out


def test_a_filter_treats_disputed_and_secondary_facts_as_could_pass(path: Path) -> None:
    gre = json.loads(run("rank", "--no-gre", "-f", "json", "--catalog", str(path)).stdout)
    could = {p["id"]: p["in_question"] for p in gre["could_pass"]}
    assert could["alpha"] == ["GRE policy disputed"]
    cost = json.loads(
        run("rank", "--max-cost", "10000", "-f", "json", "--catalog", str(path)).stdout
    )
    could = {p["id"]: p["in_question"] for p in cost["could_pass"]}
    assert could["beta"] == ["cost secondary only"]  # $180 x 30 = $5,400, but secondary


def test_show_says_a_fact_rests_on_secondary_sources_only(path: Path) -> None:
    out = run("show", "beta", "--catalog", str(path)).stdout
    assert "secondary sources only" in out


def test_validate_strict_accepts_a_secondary_fact_marked_so(path: Path, tmp_path: Path) -> None:
    assert not [p for p in check_file(path, strict=True) if "secondary" in str(p)]
    data = catalog_data(
        program_data("gamma", tuition={"amount_usd": 9, "per": "credit", "source": "news"})
    )
    data["programs"][0]["sources"]["news"] = SECONDARY
    unmarked = tmp_path / "u.yaml"
    unmarked.write_text(dump(data), encoding="utf-8")
    problems = [str(p) for p in check_file(unmarked, strict=True)]
    assert any("basis: secondary" in p for p in problems)
