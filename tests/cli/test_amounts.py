"""Dollar amounts on the command line (--max-cost, --min-earnings) as students write them:
``70k``, ``$70,000`` and ``70000`` filter alike; anything else is one line naming the option."""

from __future__ import annotations

import json

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.cli.options import dollars

runner = CliRunner()


def ranked(*args: str) -> tuple[list[str], list[str]]:
    """The ids that pass and the ids that could pass."""
    result = runner.invoke(app, ["rank", *args, "-f", "json"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    found = json.loads(result.stdout)
    return (
        [p["id"] for p in found["programs"]],
        [p["id"] for p in found.get("could_pass", [])],
    )


@pytest.mark.parametrize(
    "spelled",
    ["70k", "70K", "$70,000", "$70k", "70,000", "70000.0", "0.07m", ".07m", "7e4", " 70 k "],
)
def test_every_spelling_of_seventy_thousand_filters_alike(spelled: str) -> None:
    assert ranked("--max-cost", spelled) == ranked("--max-cost", "70000")


def test_earnings_take_the_same_spellings() -> None:
    assert ranked("--min-earnings", "90k") == ranked("--min-earnings", "90000")


@pytest.mark.parametrize(
    "bad",
    [
        "abc",
        "-5",
        "7,0",
        "70kk",
        "70 thousand",
        "",
        "nan",
        "inf",
        "-1e5",
        "9" * 400,
        "\uff17\uff10k",
    ],
)
def test_anything_else_is_one_line_naming_the_option(bad: str) -> None:
    result = runner.invoke(app, ["rank", "--max-cost", bad], env={"NO_COLOR": "1"})
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert "--max-cost" in message and "is not an amount in dollars" in message


@given(st.integers(0, 10**9))
def test_a_plain_or_grouped_number_is_itself(amount: int) -> None:
    assert dollars(str(amount)) == amount
    assert dollars(f"${amount:,}") == amount
    assert dollars(f"{amount}k") == amount * 1000


def test_a_control_character_in_a_bad_amount_is_shown_escaped() -> None:
    with pytest.raises(typer.BadParameter) as raised:
        dollars("70\x1b[31m")
    assert "\x1b" not in str(raised.value) and "\\x1b" in str(raised.value)
