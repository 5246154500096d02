"""Text from data is hostile: no control, bidi or invisible character reaches any output raw,
Markdown and CSV cannot be turned into markup or formulas, in every command and format.

A property test (hypothesis) puts generated hostile strings into a catalog program's name,
university, city, notes and track names and runs every command that prints them.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.views.markdown import escape
from mlchoose.views.safe import clean, csv_cell
from tests.factories import catalog_data, dump, program_data

runner = CliRunner()
#: What must never appear raw: C0 (but tab and newline), DEL, C1, bidi and invisible characters.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
ATTACKS = [
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x00",
    "\u202e",
    "\u2066",
    "\u200b",
    "\x9b31m",
    "\n\n<script>alert(5)</script>\n\n# HEADING\n\n[click](javascript:alert(6))",
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
]
hostile = st.lists(
    st.one_of(st.sampled_from(ATTACKS), st.text(min_size=1, max_size=6)), min_size=1, max_size=4
).map("".join)


def catalog(tmp_path: Path, text: str) -> Path:
    bad = program_data(
        "bad",
        name="MS " + text,
        university="Univ " + text,
        city="City" + text,
        notes=[{"text": "Note " + text}],
        specializations={"tracks": ["Track " + text], "source": "page"},
    )
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(bad, program_data("good"))), encoding="utf-8")
    return path


COMMANDS: list[list[str]] = [
    ["rank"],
    ["rank", "-f", "json"],
    ["rank", "-f", "csv"],
    ["rank", "-f", "markdown"],
    ["show", "bad"],
    ["show", "bad", "-f", "json"],
    ["list"],
    ["list", "-f", "json"],
    ["compare", "bad", "good"],
    ["compare", "bad", "good", "-f", "json"],
    ["why", "bad", "good"],
]


def outputs(tmp_path: Path, text: str) -> dict[str, Any]:
    path = catalog(tmp_path, text)
    found: dict[str, Any] = {}
    for argv in COMMANDS:
        result = runner.invoke(app, [*argv, "--catalog", str(path)], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (argv, result.output)
        found[" ".join(argv)] = result
    for suffix in ("md", "html", "svg"):
        out = tmp_path / f"r.{suffix}"
        result = runner.invoke(app, ["report", "-o", str(out), "--catalog", str(path)])
        assert result.exit_code == 0, result.output
        found[suffix] = out.read_text(encoding="utf-8")
    return found


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=hostile)
def test_no_raw_control_or_bidi_character_in_any_output(tmp_path: Path, text: str) -> None:
    for name, result in outputs(tmp_path, text).items():
        for stream in (result,) if isinstance(result, str) else (result.stdout, result.stderr):
            assert not RAW.search(stream), (name, RAW.search(stream))


def test_markdown_cannot_be_turned_into_markup(tmp_path: Path) -> None:
    attack = ATTACKS[9]
    found = outputs(tmp_path, attack)
    for name in ("rank -f markdown", "md"):
        text = found[name] if isinstance(found[name], str) else found[name].stdout
        assert "<script>" not in text
        assert not re.search(r"(?<!\\)\]\(javascript:", text)  # only an escaped bracket
        assert not any(line.startswith("# HEADING") for line in text.splitlines())
        rows = [line for line in text.splitlines() if line.startswith("| ") and "bad" in line]
        assert rows and all(line.rstrip().endswith("|") for line in rows)  # newlines folded


def test_csv_cells_cannot_start_a_formula(tmp_path: Path) -> None:
    for attack in ATTACKS[10:]:
        result = runner.invoke(
            app, ["rank", "-f", "csv", "--catalog", str(catalog(tmp_path, attack))]
        )
        for row in csv.DictReader(io.StringIO(result.stdout)):
            for value in row.values():
                assert not value.startswith(("=", "+", "@")), value
    assert csv_cell("-1 + 2") == "'-1 + 2" and csv_cell(3.5) == 3.5


def test_urls_with_whitespace_or_controls_are_refused_on_load(tmp_path: Path) -> None:
    for url in (
        "https://x.example/a\n\n<script>",
        "https://x.example/\x1b[2J",
        "https://x.example/a b",
    ):
        data = program_data("bad", url=url)
        path = tmp_path / "c.yaml"
        path.write_text(dump(catalog_data(data)), encoding="utf-8")
        result = runner.invoke(app, ["rank", "--catalog", str(path)])
        assert result.exit_code == 1 and "URL" in result.stderr, result.output


def test_the_escaping_step_shows_what_it_removes() -> None:
    assert clean("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert clean("\u202eabc") == "\\u202eabc"
    assert clean("one\ntwo") == "one two" and clean("one\ntwo", keep="\n") == "one\ntwo"
    assert escape("# x [y](z) ![i](j) <b>") == "\\# x \\[y\\](z) \\!\\[i\\](j) &lt;b&gt;"


def test_a_profile_rationale_is_shown_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLCHOOSE_CONFIG_DIR", str(tmp_path))
    saved = runner.invoke(
        app, ["profile", "save", "mine", "-w", "faculty=2", "--rationale", "why\x1b]0;t\x07\u202e"]
    )
    assert saved.exit_code == 0, saved.output
    for fmt in ("table", "json"):
        shown = runner.invoke(app, ["profile", "show", "mine", "-f", fmt])
        assert shown.exit_code == 0 and not RAW.search(shown.stdout), shown.stdout
