"""A named shortlist (issue 27): ``rank cmu mit stanford berkeley uiuc michigan`` ranks just
those with every option of ``rank``; ``compare`` of six is side by side at 120 columns; a cost
cell never takes two lines at 120 columns.

Wiring and layout on the built-in catalog (no exact scores are asserted).
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app

runner = CliRunner()
SIX = ["cmu", "mit", "stanford", "berkeley", "uiuc", "michigan"]
SIX_IDS = {
    "cmu-msml",
    "mit-cse-sm",
    "stanford-mscs-ai",
    "berkeley-meng-eecs",
    "uiuc-mcs",
    "umich-msds",
}


def run(*args: str, code: int = 0, columns: int = 120) -> tuple[str, str]:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": str(columns)})
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout, result.stderr


def test_rank_ranks_only_the_programs_named() -> None:
    out, err = run("rank", *SIX, "-f", "json")
    programs = json.loads(out)["programs"]
    assert {p["id"] for p in programs} == SIX_IDS
    assert [p["rank"] for p in programs] == [1, 2, 3, 4, 5, 6]
    # Names resolve as in show: a university's short name says which program it took.
    assert "'cmu' is taken as cmu-msml" in err and "'berkeley' is taken as" in err


def test_every_option_of_rank_works_on_a_shortlist() -> None:
    out, _ = run("rank", *SIX, "--robust", "--samples", "200", "-f", "json")
    data = json.loads(out)
    assert set(data["robustness"]["programs"]) == SIX_IDS
    out, _ = run("rank", *SIX, "--robust", "--samples", "200")
    assert "How sure is the order?" in out and "cmu-msml" in out
    out, _ = run("rank", *SIX, "--top", "2", "--weights", "faculty=5", "-f", "csv")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 2
    out, _ = run("rank", "cmu-msml", "uiuc-mcs", "--online", "--keep-unknown", "-f", "json")
    assert {p["id"] for p in json.loads(out)["programs"]} <= {"cmu-msml", "uiuc-mcs"}
    out, _ = run("rank", "cmu-msml", "cmu-msaii", "--pareto", "-f", "json")
    assert [p["id"] for p in json.loads(out)["programs"]] == ["cmu-msml"]


def test_a_typo_in_the_shortlist_gets_a_suggestion() -> None:
    _, err = run("rank", "cmu", "stanfrod", code=2)
    assert err == "Error: unknown program 'stanfrod'; did you mean 'stanford-mscs-ai'?\n"


def test_a_name_given_twice_is_ranked_once() -> None:
    out, _ = run("rank", "cmu", "cmu-msml", "mit", "-f", "json")
    assert [p["id"] for p in json.loads(out)["programs"]].count("cmu-msml") == 1


def test_compare_of_six_is_side_by_side_at_120_columns() -> None:
    out, _ = run("compare", *SIX)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 120
    header = next(line for line in lines if "cmu-msml" in line)
    assert all(ident in header for ident in SIX_IDS)  # one column each, not one block each
    cost = next(line for line in lines if line.startswith("Total cost"))
    for figure in ("$92,109-$122,812", "$65,865-$131,730", "$60,156-$120,312", "$61,476"):
        assert figure in cost
    following = lines[lines.index(cost) + 1]
    assert following.startswith("Priced in")  # the cost took one line
    assert "2024-25" in following and "2023-24" in following


def continuation_lines(table: str) -> list[str]:
    """The lines of a ranking table that continue a row (they start with no rank)."""
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("───")) + 1
    body = []
    for line in lines[start:]:
        if not line.strip() or line.startswith(("Bars:", "lower case", "†", "Cost:", "Weights")):
            break
        body.append(line)
    return [line for line in body if not re.match(r"^\s*\d+†?\s", line)]


@pytest.mark.parametrize(
    "args",
    [
        ("rank",),
        ("rank", *SIX),
        ("rank", "--facts", "cost,months,stem,gre,deadline"),
        ("rank", "--max-cost", "70000", "--keep-unknown", "--facts", "cost"),
    ],
)
def test_a_cost_cell_takes_one_line_at_120_columns(args: tuple[str, ...]) -> None:
    out, _ = run(*args)
    lines = out.splitlines()
    header = lines[: next(i for i, line in enumerate(lines) if line.startswith("─"))]
    assert any("Cost" in line for line in header)
    for line in continuation_lines(out):
        assert "$" not in line and "+" not in line and "funded" not in line, line
    assert "Cost: the whole degree in thousands of dollars" in " ".join(out.split())
