"""The questions of ``mlchoose interview`` and how answers become AHP judgements.

Each question compares two criteria. An answer is a whole number on Saaty's 1-9 scale: ``3``
means the first matters three times as much as the second, ``-3`` that the second does, ``=``
that they matter the same. ``0``, ``1`` and ``-1`` are refused with a word on what to type: a new
user meant "the first", "the second" or "neither" by them, never "the same" (issue 27). The
judgements feed :func:`analysis.ahp`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Final

from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.vocab import CRITERIA, Criterion

LABEL: Final[dict[Criterion, str]] = {
    "curriculum": "curriculum",
    "specializations": "specializations (tracks)",
    "faculty": "faculty research strength",
    "industry": "industry ties",
    "region": "region",
    "outcomes": "graduate earnings (federal data for the field)",
}
QUESTIONS: Final[tuple[tuple[Criterion, Criterion], ...]] = tuple(
    itertools.combinations(CRITERIA, 2)
)
#: The longest answer read from a pipe: an answer is a few characters; a longer line is
#: refused after this many, without reading (or echoing) the rest of it.
MAX_ANSWER: Final = 100


def questions(criteria: Sequence[Criterion] = CRITERIA) -> tuple[tuple[Criterion, Criterion], ...]:
    """Every pair of ``criteria``: the five of the brief, and earnings only if the user wants it."""
    return tuple(itertools.combinations(criteria, 2))


HELP = (
    "Answer with a whole number: 3 = the first matters 3 times as much, -5 = the second matters "
    "5 times as much (the scale runs to 9 and -9), = for the same."
)
#: Answers that read like "the first", "the second" or "none", refused with this explanation.
UNCLEAR = frozenset({0, 1, -1})
UNCLEAR_HELP = (
    "type = if they matter the same, 2 to 9 if the first matters more, -2 to -9 if the second does"
)


def question(pair: tuple[Criterion, Criterion]) -> str:
    first, second = pair
    return f"{LABEL[first].capitalize()} vs {LABEL[second]}: which matters more, and how much?"


def judgement(pair: tuple[Criterion, Criterion], answer: str) -> tuple[Criterion, Criterion, float]:
    """(first, second, ratio) for an answer; a one-line usage error for anything else."""
    text = answer.strip()
    first, second = pair
    if text == "=":
        return first, second, 1.0
    try:
        value = int(text)
    except ValueError:
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise MlchooseError(f"{shown!r} is not an answer. {HELP}", USAGE_ERROR) from None
    if not -9 <= value <= 9:
        raise MlchooseError(f"{value} is off the scale (-9 to 9). {HELP}", USAGE_ERROR)
    if value in UNCLEAR:
        raise MlchooseError(f"{text!r} is not on the scale: {UNCLEAR_HELP}.", USAGE_ERROR)
    ratio = float(max(1, abs(value)))
    return (first, second, ratio) if value >= 0 else (second, first, ratio)


def read_answer(prompt: str) -> str:
    """One piped answer (the prompt shown first, as at a terminal): at most
    :data:`MAX_ANSWER` characters are read, so a huge line costs no memory and is refused;
    EOFError when there are no answers left. Ctrl-C is left to end the program (exit 130)."""
    import sys

    from mlchoose.views import console

    console.write(prompt)
    line = sys.stdin.readline(MAX_ANSWER + 1)
    if not line:
        raise EOFError
    if len(line) > MAX_ANSWER and not line.endswith("\n"):
        raise MlchooseError(f"an answer longer than {MAX_ANSWER} characters: {HELP}", USAGE_ERROR)
    return line.rstrip("\r\n")
