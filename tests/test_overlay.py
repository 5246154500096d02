"""The user's own data laid over a catalog: merge rules, provenance, errors, cache."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.data import catalog
from mlchoose.errors import MlchooseError
from tests.factories import catalog_data, dump, program_data

runner = CliRunner()


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.yaml"
    path.write_text(
        dump(catalog_data(program_data("alpha"), program_data("beta"))), encoding="utf-8"
    )
    return path


def overlay(tmp_path: Path, document: Any, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dump(document), encoding="utf-8")
    return path


def test_fields_replace_lists_extend_and_unknown_clears(tmp_path: Path, base: Path) -> None:
    mine = overlay(
        tmp_path,
        {
            "sources": {"visit": {"url": "https://me.example.org/visit", "year": 2026}},
            "programs": [
                {
                    "id": "alpha",
                    "aliases": ["my-first"],
                    "tuition": {"amount_usd": 20000, "per": "program", "source": "scholarship"},
                    "duration": "unknown",
                    "notes": [{"text": "Great visit in October.", "source": "visit"}],
                    "sources": {
                        "scholarship": {"url": "https://alpha.example.edu/award", "year": 2026}
                    },
                }
            ],
        },
    )
    merged = catalog.load(base, [mine])
    alpha = catalog.find(merged, "my-first")
    assert alpha["aliases"] == ["alpha-x", "my-first"]
    assert alpha["tuition"] is not None and alpha["tuition"]["amount_usd"] == 20000
    assert alpha["duration"] is None
    assert alpha["notes"][-1]["text"] == "Great visit in October."
    assert {"page", "prices", "scholarship"} <= set(alpha["sources"])
    assert alpha["city"] == "Springfield"  # untouched fields stay
    assert set(merged["overlaid"]["alpha"]) == {
        "aliases",
        "tuition",
        "duration",
        "notes",
        "sources",
    }
    assert "beta" not in merged["overlaid"]


def test_a_new_program_is_added(tmp_path: Path, base: Path) -> None:
    mine = overlay(tmp_path, {"programs": [program_data("gamma", region="west")]})
    merged = catalog.load(base, [mine])
    assert [p["id"] for p in merged["programs"]] == ["alpha", "beta", "gamma"]


def test_later_overlays_win(tmp_path: Path, base: Path) -> None:
    first = overlay(tmp_path, {"programs": [{"id": "alpha", "city": "Chicago"}]}, "one.yaml")
    second = overlay(tmp_path, {"programs": [{"id": "alpha", "city": "Evanston"}]}, "two.yaml")
    merged = catalog.load(base, [first, second])
    assert merged["programs"][0]["city"] == "Evanston"
    assert merged["overlaid"]["alpha"]["city"] == str(second)


def test_the_same_overlay_under_another_name_is_credited_to_that_name(
    tmp_path: Path, base: Path
) -> None:
    document = {"programs": [{"id": "alpha", "city": "Chicago"}]}
    first = overlay(tmp_path, document, "one.yaml")
    assert catalog.load(base, [first])["overlaid"]["alpha"]["city"] == str(first)
    second = overlay(tmp_path, document, "two.yaml")  # same bytes: once one cache entry
    assert catalog.load(base, [second])["overlaid"]["alpha"]["city"] == str(second)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"programs": [{"id": "alpha", "region": "mars"}]}, "program 'alpha' field region"),
        ({"programs": [{"id": "gamma", "city": "Nowhere"}]}, "program 'gamma' field university"),
        ({"programs": [{"city": "Nowhere"}]}, "every program needs an 'id'"),
        (
            {"programs": [{"id": "beta", "aliases": ["alpha-x"]}]},
            "'alpha-x' is already the id or an alias",
        ),
        ("just text", "expected a mapping"),
    ],
)
def test_bad_overlays_name_the_file_and_the_place(
    tmp_path: Path, base: Path, document: Any, message: str
) -> None:
    mine = overlay(tmp_path, document)
    with pytest.raises(MlchooseError, match=message) as caught:
        catalog.load(base, [mine])
    assert f"overlay '{mine}'" in str(caught.value)


def test_user_overlay_file_applies_and_edits_are_seen(
    tmp_path: Path, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = overlay(tmp_path, {"programs": [{"id": "beta", "city": "Chicago"}]})
    monkeypatch.setenv("MLCHOOSE_OVERLAY", str(mine))
    assert catalog.find(catalog.load(base), "beta")["city"] == "Chicago"
    mine.write_text(dump({"programs": [{"id": "beta", "city": "Peoria"}]}), encoding="utf-8")
    assert catalog.find(catalog.load(base), "beta")["city"] == "Peoria"


def test_cli_catalog_twice_and_show_marks_your_facts(tmp_path: Path, base: Path) -> None:
    mine = overlay(
        tmp_path,
        {
            "programs": [
                {"id": "alpha", "duration": {"months_min": 9, "months_max": 9, "source": "page"}}
            ]
        },
    )
    result = runner.invoke(
        app,
        ["show", "alpha", "--catalog", str(base), "--catalog", str(mine)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.stderr
    assert "9 months [1] (yours)" in result.stdout
    assert f"duration from your overlay {mine}" in result.stdout
    data = json.loads(
        runner.invoke(
            app, ["rank", "-f", "json", "--catalog", str(base), "--catalog", str(mine)]
        ).stdout
    )
    assert data["programs"][0]["facts"]["duration_months"] == {"min": 9, "max": 9}


def test_overlay_sources_must_be_a_mapping(tmp_path: Path, base: Path) -> None:
    mine = overlay(tmp_path, {"sources": [1], "programs": []})
    with pytest.raises(MlchooseError, match="'sources'"):
        catalog.load(base, [mine])
