from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mlchoose.cli.completion import answer
from mlchoose.data import catalog
from tests.entry import run_main
from tests.factories import catalog_data, dump, program_data

HEAVY = ("rich", "pydantic", "pydantic_core", "yaml", "typer")


def bash(line: str) -> dict[str, str]:
    words = line.split(" ")
    return {
        "_MLCHOOSE_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }


@pytest.fixture
def warm() -> None:
    catalog.load()


def test_program_names_come_from_the_cache(warm: None) -> None:
    assert answer(bash("mlchoose show st")) == "stanford-mscs-ai\nstanford\nstanford-ai"
    assert "berkeley" in (answer(bash("mlchoose compare cmu Ber")) or "").split("\n")


def test_zsh_and_fish_protocols(warm: None) -> None:
    zsh = {"_MLCHOOSE_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "mlchoose show umi"}
    assert answer(zsh) == '_arguments \'*: :(("umich-msds"\n"umich"))\''
    nothing = {**zsh, "_TYPER_COMPLETE_ARGS": "mlchoose show zzz"}
    assert answer(nothing) == "_files"
    fish = {"_MLCHOOSE_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "mlchoose show "}
    assert "cmu" in (answer(fish) or "").split("\n")


@pytest.mark.parametrize(
    "line",
    [
        "mlchoose ra",
        "mlchoose rank --weights ",
        "mlchoose show --format ",
        "mlchoose show --ca",
        "mlchoose",
    ],
)
def test_everything_else_is_left_to_typer(warm: None, line: str) -> None:
    assert answer(bash(line)) is None


def test_powershell_is_left_to_typer(warm: None) -> None:
    assert (
        answer(
            {"_MLCHOOSE_COMPLETE": "complete_powershell", "_TYPER_COMPLETE_ARGS": "mlchoose show c"}
        )
        is None
    )


@pytest.mark.cold_cache
def test_without_a_cached_catalog_typer_answers() -> None:
    assert answer(bash("mlchoose show st")) is None


def test_completion_follows_the_catalog_option_and_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        dump(catalog_data(program_data("alpha"), program_data("alps"))), encoding="utf-8"
    )
    catalog.load(path)
    assert answer(bash(f"mlchoose show --catalog {path} al")) == "alpha\nalpha-x\nalps\nalps-x"
    monkeypatch.setenv("MLCHOOSE_CATALOG", str(path))
    env = {**bash("mlchoose show alp"), "MLCHOOSE_CATALOG": str(path)}
    assert answer(env) == "alpha\nalpha-x\nalps\nalps-x"


def test_an_edited_catalog_is_never_completed_from_a_stale_cache(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(dump(catalog_data(program_data("alpha"))), encoding="utf-8")
    catalog.load(path)
    path.write_text(dump(catalog_data(program_data("alpine"))), encoding="utf-8")
    assert answer(bash(f"mlchoose show --catalog {path} al")) is None


def _complete(line: str) -> subprocess.CompletedProcess[str]:
    """Run the entry point as the shell would; stderr lists the heavy modules it loaded."""
    return run_main([], {**os.environ, **bash(line)}, HEAVY)


def test_the_completion_path_loads_no_heavy_module(warm: None) -> None:
    done = _complete("mlchoose show st")
    assert done.stdout.split() == ["stanford-mscs-ai", "stanford", "stanford-ai"]
    assert done.stderr.strip() == "[]"


@pytest.mark.cold_cache
def test_a_cold_cache_is_filled_by_typers_completion() -> None:
    first = _complete("mlchoose show umi")
    assert first.stdout.split() == ["umich-msds", "umich"]
    assert "typer" in first.stderr
    second = _complete("mlchoose show umi")
    assert second.stdout.split() == ["umich-msds", "umich"] and second.stderr.strip() == "[]"


def test_option_values_are_never_completed_as_programs(warm: None) -> None:
    for option in ("--profile", "-P", "--interests", "-i", "--weights", "--format"):
        assert answer(bash(f"mlchoose show {option} ")) is None


def test_catalog_equals_form_and_path_lists(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(dump(catalog_data(program_data("alpha"))), encoding="utf-8")
    catalog.load(mine)
    assert answer(bash(f"mlchoose show --catalog={mine} al")) == "alpha\nalpha-x"
    assert answer({**bash("mlchoose show al"), "MLCHOOSE_CATALOG": str(mine)}) == "alpha\nalpha-x"


def test_typers_own_completion_reads_the_catalog_option(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        dump(catalog_data(program_data("alpha"), program_data("alps"))), encoding="utf-8"
    )
    done = _complete(f"mlchoose show --catalog {mine} al")
    assert done.stdout.split() == ["alpha", "alpha-x", "alps", "alps-x"]


def test_value_options_are_exactly_those_of_the_program_commands() -> None:
    """The fast path keeps its own list (no Typer at Tab time): it must match the CLI's."""
    import typer.main

    from mlchoose.cli.app import app
    from mlchoose.cli.completion import PROGRAM_COMMANDS, VALUE_OPTIONS

    group: Any = typer.main.get_command(app)
    found: set[str] = set()
    for name in PROGRAM_COMMANDS:
        for param in group.commands[name].params:
            if getattr(param, "is_flag", None) is False:  # an option that takes a value
                found.update(param.opts + param.secondary_opts)
    assert found == VALUE_OPTIONS
