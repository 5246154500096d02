"""STEM OPT status: the program's own statement, or derived from its CIP code by the DHS list.

A recorded CIP code decides (the DHS list is the rule the STEM OPT extension follows); without
one, the school's own sentence (``stem:``) is used; without either, unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from mlchoose.data.dhs import SOURCE_KEY, is_stem

if TYPE_CHECKING:
    from mlchoose.data.models import Program


class Stem(NamedTuple):
    stem: bool
    #: The CIP code it follows from (None: the school's statement).
    cip: str | None
    #: Source keys: the CIP fact's and the DHS list's, or the statement's.
    sources: tuple[str, ...]


def status(program: Program) -> Stem | None:
    cip = program.get("cip")
    if cip is not None:
        return Stem(is_stem(cip["code"]), cip["code"], (cip["source"], SOURCE_KEY))
    fact = program["stem"]
    if fact is None:
        return None
    return Stem(fact["stem"], fact.get("cip"), (fact["source"],))
