"""Program names a user types: ids and aliases, with a note when a name is ambiguous and one
error for every name that matches nothing (each with its suggestions, a program named once).

A university-wide alias (``cmu``, ``berkeley``) picks one program; when the university has
others in the catalog, the choice is said, and the others named, in a note. A name that is no
id or alias but the start of ids (``ucla`` for ``ucla-ms-cs``) or part of a university's name
(``carnegie mellon``) takes the one program it fits, and lists them when it fits several.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.errors import USAGE_ERROR, MlchooseError

if TYPE_CHECKING:
    from mlchoose.data.models import Catalog, Program


class Resolved(NamedTuple):
    programs: list[Program]
    notes: list[str]


def _index(catalog: Catalog) -> dict[str, Program]:
    return {n: p for p in catalog["programs"] for n in (p["id"], *p["aliases"])}


def _others(catalog: Catalog, program: Program) -> list[str]:
    """The other programs of the same university."""
    return [
        p["id"]
        for p in catalog["programs"]
        if p["university"] == program["university"] and p["id"] != program["id"]
    ]


def suggestions(index: dict[str, Program], typed: str) -> list[str]:
    """Close names, one per program (by its id)."""
    starting = [n for n in index if n.startswith(typed)] if typed else []
    matched = starting or difflib.get_close_matches(typed, list(index), n=12, cutoff=0.6)
    shown: dict[str, str] = {}
    for name in matched:
        ident = index[name]["id"]
        shown.setdefault(ident, ident)
    return list(shown.values())[:3]


def resolve(catalog: Catalog, names: Sequence[str]) -> Resolved:
    """The programs ``names`` name, in order; every unknown name is reported at once."""
    index = _index(catalog)
    found: list[Program] = []
    notes: list[str] = []
    unknown: list[str] = []
    errors: list[str] = []
    for name in names:
        typed = name.strip().lower()
        program = index.get(typed)
        if program is None:
            fits = _by_university(catalog, typed)
            if len(fits) == 1:
                found.append(fits[0])
                notes.append(f"{typed!r} is taken as {fits[0]['id']}")
            elif fits:
                listed = ", ".join(p["id"] for p in fits[:6]) + (", ..." if len(fits) > 6 else "")
                errors.append(f"{name!r} fits {len(fits)} programs: {listed} (name one by its id)")
            else:
                unknown.append(name)
            continue
        found.append(program)
        others = _others(catalog, program)
        if typed != program["id"] and others:
            notes.append(
                f"{typed!r} is taken as {program['id']}; {program['university']} also has "
                f"{', '.join(others)} (name one by its id)"
            )
    errors += [_unknown(index, name) for name in unknown]
    if errors:
        raise MlchooseError("; ".join(errors), USAGE_ERROR)
    return Resolved(found, notes)


#: Words that name no university alone ('state', 'new', 'university of'): a name needs another.
COMMON_WORDS = frozenset(
    {"the", "of", "at", "and", "in", "for", "new", "state", "university", "institute"}
    | {"technology", "college", "school"}
)


def _by_university(catalog: Catalog, typed: str) -> list[Program]:
    """Programs whose id starts with ``typed`` and a dash (a school's part of an id, never a
    partial id such as 'cmu-ms', which gets suggestions), else whose university's name holds
    ``typed`` as whole words, punctuation aside, with at least one word that is not common."""
    words = _words(typed)
    if not words or set(words) <= COMMON_WORDS or len(typed) < 3:
        return []
    programs = catalog["programs"]
    if "-" not in typed:
        starting = [p for p in programs if p["id"].startswith(typed + "-")]
        if starting:
            return starting
    wanted = f" {' '.join(words)} "
    return [p for p in programs if wanted in f" {' '.join(_words(p['university']))} "]


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9&]+", " ", text.lower()).split()


def _unknown(index: dict[str, Program], name: str) -> str:
    close = suggestions(index, name.strip().lower())
    if close:
        return (
            f"unknown program {name!r}; did you mean " + " or ".join(repr(c) for c in close) + "?"
        )
    return f"unknown program {name!r}; see 'mlchoose list'"
