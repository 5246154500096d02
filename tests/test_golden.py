"""The machine-readable output of every command stays byte-identical unless a change means it.

The command lines are in ``tests/golden/commands.txt``; each runs against a frozen catalog so a
catalog edit never moves them. A failure shows which command changed: if the change is intended,
regenerate with ``python tests/golden/regen.py`` and review the diff.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app

HERE = Path(__file__).parent / "golden"
CATALOG = HERE / "catalog.yaml"
NO_CATALOG = {"profile"}


def command_lines() -> Iterator[tuple[int, list[str]]]:
    lines = (HERE / "commands.txt").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines if line.strip() and not line.startswith("#")]
    for number, line in enumerate(commands, start=1):
        argv = shlex.split(line)
        if argv[0] not in NO_CATALOG:
            argv += ["--catalog", str(CATALOG)]
        yield number, argv


def run(argv: list[str]) -> str:
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, (argv, result.output)
    return result.stdout


@pytest.mark.parametrize(("number", "argv"), list(command_lines()), ids=lambda v: str(v))
def test_output_is_unchanged(number: int, argv: list[str]) -> None:
    expected = (HERE / f"{number:02d}.out").read_text(encoding="utf-8")
    assert run(argv) == expected, f"output of {shlex.join(argv)} changed"
