"""The design's commands as written (issue 27), and the region question behind the first one.

``mlchoose rank --weights faculty=5,industry=3,region=1`` gives region a weight without a
region: at a terminal it asks once (and offers to remember the answer), in a pipe it ranks with
region neutral and says so in one line on stderr. The terminal is faked by replacing the one
check (``cli.regions.at_terminal``); answers come from CliRunner's input, so nothing waits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from mlchoose.cli import regions
from mlchoose.cli.app import app
from mlchoose.user import remembered

runner = CliRunner()
DESIGN = ["rank", "--weights", "faculty=5,industry=3,region=1"]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regions, "at_terminal", lambda: True)


def invoke(args: list[str], answers: str = "") -> tuple[int, str, str]:
    result = runner.invoke(app, args, input=answers, env={"NO_COLOR": "1", "COLUMNS": "120"})
    return result.exit_code, result.stdout, result.stderr


def data(out: str) -> dict[str, Any]:
    """The JSON printed (CliRunner echoes the typed answers to stdout, as a terminal would)."""
    found: dict[str, Any] = json.loads(out[out.index("{") :])
    return found


@pytest.mark.parametrize(
    "command",
    [
        "rank --weights faculty=5,industry=3,region=1",
        "show cmu",
        "compare stanford berkeley",
    ],
)
def test_the_design_commands_run_as_written_in_a_pipe(tmp_path: Path, command: str) -> None:
    env = {
        **os.environ,
        "MLCHOOSE_CACHE_DIR": str(tmp_path / "cache"),
        "MLCHOOSE_CONFIG_DIR": str(tmp_path / "config"),
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "mlchoose", *command.split()],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() and "Error" not in done.stderr
    if command.startswith("rank"):
        # One line on stderr says region is left out, and how to apply it.
        assert done.stderr.count("\n") == 1, done.stderr
        assert "region weight 1 left out (region neutral)" in done.stderr
        assert "--prefer-region" in done.stderr
        flat = " ".join(done.stdout.split())
        assert "left out" not in flat and "not applied" not in flat


def test_in_a_pipe_region_is_neutral_and_said_once_on_stderr() -> None:
    code, out, err = invoke([*DESIGN, "-f", "json"])
    assert code == 0
    assert data(out)["weights"]["region"] == 0
    assert err.startswith("Note: region weight 1 left out") and err.count("\n") == 1
    # The table says nothing more about region: the line on stderr is the one note.
    code, out, err = invoke(DESIGN)
    assert code == 0 and err.count("\n") == 1
    assert "not applied" not in out and "left out" not in out


def test_a_plain_rank_neither_asks_nor_notes_region(terminal: None) -> None:
    code, out, err = invoke(["rank"])
    assert code == 0 and err == ""
    assert regions.QUESTION not in out
    flat = " ".join(out.split())
    assert "not applied" not in flat and "left out" not in flat
    code, out, err = invoke(["rank", "--weights", "faculty=5,industry=3", "-f", "json"])
    assert code == 0 and err == ""


def test_at_a_terminal_it_asks_once_and_remembers_when_told(terminal: None) -> None:
    code, out, err = invoke([*DESIGN, "-f", "json"], "west,northeast\ny\n")
    assert code == 0, err
    assert err.count(regions.QUESTION) == 1
    assert "Remember this answer for next time?" in err and "Remembered in" in err
    weights = data(out)["weights"]
    assert weights["region"] == pytest.approx(1 / 11, abs=1e-4)
    saved = yaml.safe_load(remembered.path().read_text(encoding="utf-8"))
    assert saved == {"prefer_regions": ["northeast", "west"]}
    # Next time: not asked, and one line says which regions were used.
    code, out, err = invoke([*DESIGN, "-f", "json"])
    assert code == 0 and regions.QUESTION not in err
    assert err.count("\n") == 1 and "preferred regions: northeast, west, as remembered" in err
    assert data(out)["weights"]["region"] == pytest.approx(1 / 11, abs=1e-4)
    # --prefer-region overrides the remembered answer, silently.
    code, out, err = invoke([*DESIGN, "-p", "midwest", "-f", "json"])
    assert code == 0 and err == ""


def test_enter_means_no_region_and_nothing_is_remembered_unless_asked(terminal: None) -> None:
    code, out, err = invoke([*DESIGN, "-f", "json"], "\nn\n")
    assert code == 0, err
    assert data(out)["weights"]["region"] == 0
    assert not remembered.path().exists()
    # Asked again next time, since nothing was remembered.
    code, out, err = invoke([*DESIGN, "-f", "json"], "\n\n")
    assert code == 0 and err.count(regions.QUESTION) == 1


def test_a_remembered_none_is_used_in_a_pipe_with_one_line(terminal: None) -> None:
    invoke([*DESIGN, "-f", "json"], "\ny\n")
    assert remembered.regions() == ()
    code, _out, err = invoke([*DESIGN, "-f", "json"])
    assert code == 0 and regions.QUESTION not in err
    assert err.count("\n") == 1 and "you said no region matters" in err


def test_an_unknown_region_is_refused_and_asked_again(terminal: None) -> None:
    code, out, err = invoke([*DESIGN, "-f", "json"], "mars\nwest-coast\nn\n")
    assert code == 0, err
    assert "unknown region 'mars'" in err and err.count(regions.QUESTION) == 2
    assert data(out)["weights"]["region"] > 0


def test_a_remembered_answer_is_used_in_a_pipe_too(tmp_path: Path) -> None:
    remembered.remember(["west"])
    code, out, err = invoke([*DESIGN, "-f", "json"])
    assert code == 0 and "preferred regions: west" in err
    assert data(out)["weights"]["region"] > 0


def test_a_damaged_remembered_file_is_named(tmp_path: Path) -> None:
    remembered.path().parent.mkdir(parents=True, exist_ok=True)
    remembered.path().write_text("prefer_regions: [atlantis]\n", encoding="utf-8")
    code, _, err = invoke(DESIGN)
    assert code == 1 and "regions.yaml" in err and "delete it" in err


def test_region_alone_in_a_pipe_is_an_error_saying_what_to_add() -> None:
    code, _, err = invoke(
        ["rank", "--weights", "region=5,curriculum=0,specializations=0,faculty=0,industry=0"]
    )
    assert code == 2 and "add --prefer-region" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["show", "cmu-msml", "-f", "json"],
        ["compare", "stanford-mscs-ai", "berkeley-mids", "-f", "json"],
        ["why", "stanford-mscs-ai", "berkeley-mids", "-f", "json"],
    ],
)
def test_show_compare_and_why_settle_region_as_rank_does(args: list[str]) -> None:
    code, _, err = invoke([*args, "--weights", "faculty=5,industry=3,region=1"])
    assert code == 0, err
    assert err.count("\n") == 1 and "region weight 1 left out" in err
    code, _out, err = invoke(args)
    assert code == 0 and err == ""


def test_report_settles_region_as_rank_does(tmp_path: Path, terminal: None) -> None:
    out = tmp_path / "r.md"
    code, _, err = invoke(["report", "--out", str(out), "--top", "3", *DESIGN[1:]], "west\nn\n")
    assert code == 0, err
    assert err.count(regions.QUESTION) == 1 and "Region fit" in out.read_text(encoding="utf-8")


def test_profile_save_keeps_a_region_weight_without_asking(terminal: None) -> None:
    code, out, err = invoke(["profile", "save", "mine", "--weights", "faculty=5,region=2"])
    assert code == 0, err
    assert regions.QUESTION not in err
    code, out, err = invoke(["profile", "show", "mine", "-f", "json"])
    assert data(out)["weights"]["region"] == 2
