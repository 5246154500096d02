"""Federal facts shipped with the package: CIP 2020 titles and College Scorecard outcomes.

``scorecard_fos.csv`` holds the master's-level Field of Study rows (earnings and debt) of the
institutions and fields the built-in catalog uses; ``cip_titles.csv`` the CIP 2020 titles of
those fields and of every 6-digit code in them. ``scripts/build_federal.py`` rebuilds both from
the federal files (sources, licences and limits: ``data/federal/README.md``).

Read only when a catalog is validated (a cache miss): the facts derived here are cached with
the catalog, so ``rank`` never opens these files.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib.resources import files
from typing import TYPE_CHECKING, Final, Literal, NamedTuple

from mlchoose.data.dhs import is_stem
from mlchoose.data.registry import FIGURES

if TYPE_CHECKING:
    from mlchoose.data.models import CipFact, EarningsFact, StemFact

#: The catalog's shared source keys of the two datasets.
SCORECARD: Final = "scorecard-fos-2026"
SCORECARD_RELEASE: Final = "2026-06-10"
DHS: Final = "dhs-stem-2024"


class Outcome(NamedTuple):
    """One Scorecard row: an institution's master's graduates in one 4-digit field; None where
    Scorecard publishes no figure (privacy)."""

    institution: str
    title: str
    completers: int | None
    earnings_1yr: int | None
    earnings_4yr: int | None
    debt_median: int | None


def _read(name: str) -> list[dict[str, str]]:
    text = files("mlchoose.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _number(cell: str) -> int | None:
    return int(cell) if cell.strip() else None


@functools.cache
def titles() -> dict[str, str]:
    """CIP code (``11.07``, ``11.0701``) -> its CIP 2020 title."""
    return {row["code"]: row["title"] for row in _read("cip_titles.csv")}


@functools.cache
def outcomes() -> dict[tuple[int, str], Outcome]:
    """(UNITID, 4-digit field) -> its Scorecard master's row."""
    return {
        (int(row["unitid"]), row["cip4"]): Outcome(
            row["institution"],
            row["cip4_title"],
            _number(row["completers"]),
            _number(row["earnings_1yr"]),
            _number(row["earnings_4yr"]),
            _number(row["debt_median"]),
        )
        for row in _read("scorecard_fos.csv")
    }


def listed_institutions() -> frozenset[int]:
    """The UNITIDs the shipped Scorecard subset has any row for."""
    return frozenset(unitid for unitid, _ in outcomes())


Status = Literal["yes", "likely", "no"]


def field_stem(code: str, stated: bool) -> Status | None:
    """STEM status that a field of study settles by the DHS list, or None when it does not.

    A stated 6-digit code decides: on the list, yes; not on it, no. Otherwise the field settles
    it only when every 6-digit code in it is on the list: "likely" (the program's own code is
    not stated, so its status is an inference).
    """
    if stated and len(code) == 7:
        return "yes" if is_stem(code) else "no"
    codes = (
        [c for c in titles() if len(c) == 7 and c.startswith(code)] if len(code) == 5 else [code]
    )
    if codes and all(is_stem(c) for c in codes):
        return "yes" if stated else "likely"
    return None


def earnings(cip: CipFact) -> EarningsFact | None:
    """The Scorecard figures for a field of study's institution and 4-digit field; None when
    Scorecard lists no master's row for them (not "suppressed": not reported at all)."""
    if "unitid" not in cip:
        return None
    field = cip["code"][:5]
    found = outcomes().get((cip["unitid"], field))
    if found is None:
        return None
    fact: EarningsFact = {
        "unitid": cip["unitid"],
        "field": field,
        "title": found.title,
        "release": SCORECARD_RELEASE,
        "source": SCORECARD,
    }
    for key in ("completers", *FIGURES):
        value = getattr(found, key)
        if value is not None:
            fact[key] = value
    return fact


def stem_from_field(cip: CipFact) -> StemFact | None:
    """A STEM fact derived from the field of study, or None when the field does not settle it."""
    stated = cip.get("basis", "stated") == "stated"
    status = field_stem(cip["code"], stated)
    if status is None:
        return None
    how = (
        f"the stated CIP {cip['code']} is{'' if status == 'yes' else ' not'} on the DHS STEM list"
        if stated
        else f"every 6-digit code of CIP {cip['code']} is on the DHS STEM list, but the "
        "program's own code is not stated"
    )
    return {
        "stem": status != "no",
        "basis": "stated" if stated else "inferred",
        "cip": cip["code"],
        "source": DHS,
        "note": f"Derived from the field of study: {how}.",
    }
