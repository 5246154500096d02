"""``mlchoose report`` end to end: the file it writes, and what it refuses.

The writers of each format are tested in ``tests/views/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from tests.factories import catalog_data, dump
from tests.views.sample import parse, programs

runner = CliRunner()


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(dump(catalog_data(*programs())), encoding="utf-8")
    return path


@pytest.fixture
def umask() -> Iterator[int]:
    old = os.umask(0o022)
    yield 0o022
    os.umask(old)


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["report", *args], env={"NO_COLOR": "1", "COLUMNS": "120"})


def test_report_command_writes_the_html_file(
    tmp_path: Path, catalog_file: Path, umask: int
) -> None:
    out = tmp_path / "sub" / "shortlist.html"
    out.parent.mkdir()
    result = invoke(
        "--out", str(out), "--catalog", str(catalog_file), "--programs", "GAMMA,alpha-x"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {out} (html, 2 programs)\n" and result.stdout == ""
    parser = parse(out.read_text(encoding="utf-8"))
    cards = [a["id"] for tag, a in parser.elements if tag == "article"]
    assert cards == ["p-alpha", "p-gamma"]
    digest = hashlib.sha256(catalog_file.read_bytes()).hexdigest()[:12]
    assert digest in " ".join(parser.text)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # shareable, not private
    assert [p.name for p in out.parent.iterdir()] == ["shortlist.html"]  # no temporary left


def test_report_command_svg_markdown_and_top(tmp_path: Path, catalog_file: Path) -> None:
    svg = tmp_path / "chart.svg"
    assert invoke("-o", str(svg), "--catalog", str(catalog_file), "--top", "2").exit_code == 0
    assert len([g for g in ET.parse(svg).getroot().iter() if g.get("class") == "bar"]) == 2
    md = tmp_path / "notes.md"
    result = invoke("-o", str(md), "--catalog", str(catalog_file), "-w", "faculty=5", "-p", "west")
    assert result.exit_code == 0 and "(markdown, 4 programs)" in result.stderr
    assert "Faculty | 56%" in md.read_text(encoding="utf-8")


def test_report_command_on_the_builtin_catalog(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert invoke("--out", str(out), "--top", "3").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "built-in programs.yaml" in text and text.count('class="card"') == 3


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--out", "shortlist.pdf"], 2, "cannot tell the report format of 'shortlist.pdf'"),
        (
            ["--out", "r.html", "--programs", "alpha,gamaa"],
            2,
            "program 'gamaa'; did you mean 'gamma'",
        ),
        (["--out", "r.html", "--programs", " , "], 2, "--programs needs at least one"),
        (["--out", "r.html", "--top", "0"], 2, "--top"),
        (["--programs", "alpha"], 2, "--out"),
    ],
)
def test_report_command_errors(
    tmp_path: Path,
    catalog_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args, "--catalog", str(catalog_file))
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert not list(tmp_path.glob("r.*")) and not list(tmp_path.glob("shortlist.*"))


def test_report_command_cannot_write(tmp_path: Path, catalog_file: Path) -> None:
    folder = tmp_path / "taken.html"
    folder.mkdir()
    result = invoke("--out", str(folder), "--catalog", str(catalog_file))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write '{folder}'")
    assert result.stderr.count("\n") == 1
    assert list(folder.iterdir()) == []


def test_report_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "shortlist.html"
    result = runner.invoke(app, ["report", "--out", str(out)])
    assert result.exit_code == 2 and "no folder" in result.stderr
    assert not out.parent.exists()


def test_the_report_ranking_shows_cost_dominance_and_what_robustness_draws(
    tmp_path: Path,
) -> None:
    """Like rank's table: the cost beside each program and the † mark; robustness says that
    the uncertain scores are drawn too."""
    for suffix in ("md", "html"):
        out = tmp_path / f"r.{suffix}"
        result = runner.invoke(app, ["report", "-o", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "Cost" in text and "$" in text
        assert "†" in text and "dominated for certain" in text
        assert "every uncertain score inside its range" in text


def test_report_takes_ranks_filters_and_spells_their_flags(tmp_path: Path) -> None:
    """A new user's $70,000 shortlist: report had none of rank's filters."""
    out = tmp_path / "short.md"
    args = ["report", "--out", str(out), "--max-cost", "70000", "-p", "west"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    ranked = runner.invoke(app, ["rank", "--max-cost", "70000", "-p", "west", "-f", "json"])
    ids = [p["id"] for p in json.loads(ranked.stdout)["programs"]]
    text = out.read_text(encoding="utf-8")
    assert ids and all(f"`{i}`" in text for i in ids)
    assert "`cmu-msml`" not in text  # over the budget or of unknown cost: filtered out
    assert "--keep-unknown" in text.replace("\\", "") and "{keep" not in text


def test_a_report_that_nothing_passes_is_an_error_and_no_file(tmp_path: Path) -> None:
    out = tmp_path / "none.md"
    result = runner.invoke(app, ["report", "--out", str(out), "--max-cost", "1"])
    assert result.exit_code == 1 and "no program passes these filters" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_a_reports_legend_explains_the_neutral_region_only_when_it_is(
    tmp_path: Path, suffix: str
) -> None:
    said = "Region -: no preferred region given (--prefer-region), so it counts for none."
    plain, west = tmp_path / f"plain{suffix}", tmp_path / f"west{suffix}"
    assert runner.invoke(app, ["report", "--top", "3", "--out", str(plain)]).exit_code == 0
    assert (
        runner.invoke(app, ["report", "--top", "3", "-p", "west", "--out", str(west)]).exit_code
        == 0
    )
    assert said in plain.read_text(encoding="utf-8")
    assert said not in west.read_text(encoding="utf-8")
