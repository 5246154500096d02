"""Rank columns declared once (issue 25): every format renders the one list, ``--facts`` too."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.views import columns
from tests.factories import catalog_data, dump, program_data


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "c.yaml"
    beta = program_data(
        "beta",
        gre={"policy": "not-considered", "cycle": "Fall 2027", "source": "page"},
        duration={"months_min": 9, "months_max": 9, "source": "page"},
    )
    path.write_text(dump(catalog_data(program_data("alpha"), beta)), encoding="utf-8")
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_csv_carries_the_fact_columns_asked_for_after_its_released_columns(
    catalog_file: Path,
) -> None:
    text = run("rank", "--format", "csv", "--facts", "gre,months", "--catalog", str(catalog_file))
    rows = list(csv.DictReader(io.StringIO(text)))
    header = text.splitlines()[0].split(",")
    assert header[-2:] == ["gre", "months"]
    assert header[:3] == ["rank", "id", "name"]
    by_id = {row["id"]: row for row in rows}
    assert by_id["beta"]["gre"] == "not-considered" and by_id["beta"]["months"] == "9"
    assert by_id["alpha"]["gre"] == "unknown" and by_id["alpha"]["months"] == "12-16"


def test_markdown_carries_the_fact_columns_asked_for(catalog_file: Path) -> None:
    text = run("rank", "--format", "markdown", "--facts", "gre", "--catalog", str(catalog_file))
    header = text.splitlines()[0]
    assert header.endswith("| Evidence | GRE |")
    beta = next(line for line in text.splitlines() if "| beta |" in line)
    assert beta.endswith("| not-considered |")


def test_the_table_shows_the_fact_columns_and_leaves_the_default_cost(catalog_file: Path) -> None:
    text = run("rank", "--facts", "gre", "--catalog", str(catalog_file))
    assert "GRE" in text and "not-considered" in text
    assert "Points by criterion" not in text


def test_every_fact_name_works_in_every_format(catalog_file: Path) -> None:
    names = ",".join(columns.fact_names())
    for form in ("table", "csv", "markdown", "json"):
        run("rank", "--format", form, "--facts", names, "--catalog", str(catalog_file))


def test_an_unknown_fact_column_fails_before_any_catalog_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A typo costs nothing: the catalog is never loaded, nothing is sampled."""

    def no_catalog(*args: object, **kwargs: object) -> None:
        raise AssertionError("the catalog was loaded before --facts was checked")

    monkeypatch.setattr("mlchoose.cli.options.load_catalog", no_catalog)
    result = CliRunner().invoke(
        app, ["rank", "--facts", "nonsense", "--robust", "--samples", "1000000"]
    )
    assert result.exit_code == 2
    assert "unknown fact column 'nonsense'" in result.stderr
    assert "Traceback" not in result.output


def test_a_near_miss_fact_column_is_suggested() -> None:
    result = CliRunner().invoke(app, ["rank", "--facts", "deadlin"])
    assert result.exit_code == 2 and "did you mean 'deadline'" in result.stderr


def test_the_legends_are_defined_once() -> None:
    """The terminal, Markdown and HTML views import their marks; none defines its own."""
    from mlchoose.views import fit, html, markdown, shortlist, table

    for module in (fit, html, markdown, shortlist, table):
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        assert "dominated for certain" not in source, module.__name__
        assert "= unknown" not in source, module.__name__
