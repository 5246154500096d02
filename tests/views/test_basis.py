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


def test_review_findings_disputes_and_inferred_fields_are_never_plain(tmp_path: Path) -> None:
    """An independent review's findings: a disputed STEM 'yes' is not a plain yes anywhere, an
    earnings figure through an inferred field is not certain, and a field says 'inferred' once."""
    disputed = program_data(
        "umd",
        stem={
            "stem": True,
            "source": "page",
            "disputed": [{"says": "no: not designated", "source": "page"}],
        },
    )
    stated = program_data("plain", stem={"stem": True, "source": "page"})
    inferred_field = program_data(
        "berk",
        cip={
            "code": "14.10",
            "basis": "inferred",
            "unitid": 110635,
            "source": "page",
            "note": "From the degree's name: electrical engineering.",
        },
    )
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(disputed, stated, inferred_field)), encoding="utf-8")
    found = json.loads(run("rank", "-f", "json", "--catalog", str(path)).stdout)
    facts = {p["id"]: p["facts"] for p in found["programs"]}
    assert facts["umd"]["stem_status"] == "disputed"
    table = run("rank", "--facts", "stem", "--catalog", str(path)).stdout
    assert "disputed" in table
    intl = json.loads(run("rank", "--international", "-f", "json", "--catalog", str(path)).stdout)
    assert next(p["id"] for p in intl["programs"]) == "plain"  # stated yes before disputed
    earn = json.loads(
        run("rank", "--min-earnings", "150000", "-f", "json", "--catalog", str(path)).stdout
    )
    could = {p["id"]: p["in_question"] for p in earn["could_pass"]}
    assert could["berk"] == ["graduate earnings inferred"]  # $197,300, but the field is inferred
    shown = run("show", "berk", "--catalog", str(path)).stdout
    assert shown.count("(inferred") == 1 and "From the degree's name" in shown
    listed = run("list", "--stem", "-f", "json", "--catalog", str(path)).stdout
    # plain passes; umd (disputed) and berk (likely) could pass, and a list shows them too
    assert {p["id"] for p in json.loads(listed)} == {"umd", "plain", "berk"}
