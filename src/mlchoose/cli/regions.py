"""The region question: a region weight the student typed, but no region to apply it to.

``mlchoose rank --weights faculty=5,industry=3,region=1`` weighs region without saying where
the student would like to live. Then, once per run and before any catalog work:

- an answer remembered from an earlier run (``user/remembered.py``) is used, and one line on
  stderr says so;
- at a terminal (stdin and stderr both TTYs) the student is asked which regions they prefer
  (Enter for none) and offered to have the answer remembered;
- in a pipe or a script nobody can answer: region stays neutral (its weight is left out) and
  one line on stderr says so and how to apply it.

Questions and notes go to stderr, so stdout holds only the result in every case.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from mlchoose.errors import USAGE_ERROR, MlchooseError

if TYPE_CHECKING:
    from mlchoose.user.preferences import Preferences, Weights
    from mlchoose.vocab import Region

#: The regions a student may answer with, as the README lists them.
CHOICES = (
    "west",
    "northeast",
    "southeast",
    "midwest",
    "southwest",
    "west-coast",
    "east-coast",
    "mid-west",
)
QUESTION = f"Which regions would you like to live in? ({', '.join(CHOICES)}; Enter for none)"
HOW = "add --prefer-region west (or east-coast, mid-west, ...) to apply it"


def at_terminal() -> bool:
    """A person is there to answer: stdin and stderr are both terminals."""
    try:
        return bool(sys.stdin and sys.stdin.isatty() and sys.stderr and sys.stderr.isatty())
    except (ValueError, OSError):  # a closed stream
        return False


def settle(weights: Weights, prefs: Preferences, typed: float) -> tuple[Weights, Preferences]:
    """The weights and preferences to rank with, once the region question is settled
    (``typed``: the region weight the student gave with ``--weights``)."""
    from mlchoose.user import remembered
    from mlchoose.views import console

    known = remembered.regions()
    asked = known is None and at_terminal()
    if asked:
        known = ask()
        offer_to_remember(known)
    if known:
        if not asked:
            where = remembered.path()
            said = f"as remembered in {where} (--prefer-region overrides it)"
            console.notes([f"preferred regions: {', '.join(known)}, {said}"])
        return weights, prefs._replace(regions=frozenset(known))
    if not weighs_others(weights):
        raise MlchooseError(
            f"--weights gives region a weight of {typed:g}, but no preferred region and no "
            "other weight: add --prefer-region, e.g. -p west or -p east-coast",
            USAGE_ERROR,
        )
    if not asked:
        why = (
            "no preferred region"
            if known is None
            else f"you said no region matters (remembered in {remembered.path()})"
        )
        console.notes([f"region weight {typed:g} left out (region neutral): {why}; {HOW}"])
    return without_region(weights), prefs


def weighs_others(weights: Weights) -> bool:
    """Some criterion other than region has a weight."""
    return any(w > 0 for c, w in weights.raw.items() if c != "region")


def without_region(weights: Weights) -> Weights:
    """The weights with region's left out (region neutral)."""
    from mlchoose.user.preferences import Weights

    return Weights.of({**weights.raw, "region": 0.0})


def ask() -> tuple[Region, ...]:
    """The regions the student names (empty: none), asked again after a name it does not know."""
    import typer

    from mlchoose.user.preferences import parse_regions
    from mlchoose.views import console

    while True:
        answer = str(typer.prompt(QUESTION, default="", show_default=False, err=True))
        if not answer.strip():
            return ()
        try:
            return tuple(sorted(parse_regions(answer).regions))
        except MlchooseError as problem:
            console.error(str(problem))


def offer_to_remember(answer: tuple[Region, ...]) -> None:
    import typer

    from mlchoose.user import remembered
    from mlchoose.views import console

    if typer.confirm("Remember this answer for next time?", default=False, err=True):
        where = remembered.remember(answer)
        console.status(f"Remembered in {where} (delete it to be asked again).")
