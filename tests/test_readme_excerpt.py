"""The README's default-ranking excerpt is what a new user sees (a new user found it stale)."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from mlchoose.cli.app import app

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_ranking_excerpt_matches_the_output() -> None:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"an 80-column terminal\):\n\n```text\n(.*?)```", text, re.S)
    assert found, "the excerpt moved: update this test"
    shown = [line.rstrip() for line in found.group(1).splitlines()]
    out = CliRunner().invoke(app, ["rank"], env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    actual = [line.rstrip() for line in out.splitlines()][: len(shown)]
    assert shown == actual


def test_the_readme_stem_example_matches_the_output() -> None:
    """Issue 26: the student who needs STEM status within a budget, as printed."""
    text = README.read_text(encoding="utf-8")
    found = re.search(
        r"\$ mlchoose rank --stem --max-cost 70000 --facts cost,stem,earnings --top 6\n"
        r"```\n\n```text\n"
        r"(.*?)```",
        text,
        re.S,
    )
    assert found, "the example moved: update this test"
    shown = [line.rstrip() for line in found.group(1).splitlines()]
    argv = ["rank", "--stem", "--max-cost", "70000", "--facts", "cost,stem,earnings", "--top", "6"]
    out = CliRunner().invoke(app, argv, env={"COLUMNS": "100", "NO_COLOR": "1"}).output
    assert shown == [line.rstrip() for line in out.splitlines()]


def test_the_readme_international_example_matches_the_output() -> None:
    """Issue 27: the F-1 student's command, as printed."""
    text = README.read_text(encoding="utf-8")
    found = re.search(
        r"\$ mlchoose rank --international --max-cost 70000 --top 4\n```\n\n```text\n(.*?)```",
        text,
        re.S,
    )
    assert found, "the example moved: update this test"
    shown = [line.rstrip() for line in found.group(1).splitlines()]
    argv = ["rank", "--international", "--max-cost", "70000", "--top", "4"]
    out = CliRunner().invoke(app, argv, env={"COLUMNS": "100", "NO_COLOR": "1"}).output
    assert shown == [line.rstrip() for line in out.splitlines()]
