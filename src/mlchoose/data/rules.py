"""Rules over validated catalog data: the names that find a program, the sources it cites,
the checks that span programs and sources, and ``validate --strict``'s warnings. Plain
functions on plain data (no Pydantic or PyYAML), importable from ``catalog`` as well."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from mlchoose.data.registry import FACT_NAMES, LISTS, PRICE_NAMES

if TYPE_CHECKING:
    from mlchoose.data.models import Catalog, Program, Source


#: An entry not checked for longer than this draws a warning in ``validate --strict``.
STALE_AFTER = dt.timedelta(days=548)  # 18 months


def warnings(catalog: Catalog, today: dt.date | None = None) -> list[tuple[int, str, str]]:
    """(program index, field, message) for entries to re-check: stale, on secondary sources, or
    with a quote that does not hold the fact's number (see :mod:`mlchoose.data.support`)."""
    from mlchoose.data.support import problems as unsupported

    today = today or dt.date.today()
    found: list[tuple[int, str, str]] = []
    for index, program in enumerate(catalog["programs"]):
        if today - dt.date.fromisoformat(program["checked"]) > STALE_AFTER:
            message = f"last checked {program['checked']}, more than 18 months ago"
            found.append((index, "checked", message))
        known = sources_of(catalog, program)
        for field, key in cited(program):
            source = known.get(key)
            marked = _fact_basis(program, field) == "secondary"
            if source is not None and source.get("kind") == "secondary" and not marked:
                message = (
                    f"rests only on a secondary source ({source['url']}): mark it "
                    "'basis: secondary' if no official page gives it"
                )
                found.append((index, field, message))
        found.extend((index, field, message) for field, message in unsupported(program))
    return found


def _fact_basis(program: Program, field: str) -> object:
    """The basis a fact states for itself (facts only; list items and notes have none)."""
    value = program.get(field)
    return value.get("basis") if isinstance(value, dict) else None


def names(program: Program) -> tuple[str, ...]:
    """Every name that finds a program: its id and its aliases."""
    return (program["id"], *program["aliases"])


def cited(program: Program) -> Iterator[tuple[str, str]]:
    """Each (field path, source key) a program cites, for reference checks."""
    for name in FACT_NAMES:
        fact = program.get(name)
        if isinstance(fact, dict):
            yield name, fact["source"]
    for name in LISTS:
        for i, item in enumerate(program[name]):  # type: ignore[literal-required]
            if "source" in item:
                yield f"{name}.{i}", item["source"]


def sources_of(catalog: Catalog, program: Program) -> dict[str, Source]:
    """All sources a program may cite: the catalog's shared ones and its own."""
    return {**catalog.get("sources", {}), **program["sources"]}


def dated(source: Source) -> bool:
    return source["year"] != "undated"


def problems(catalog: Catalog) -> list[tuple[int, str, str]]:
    """(program index, field path, message) for every rule that spans programs or sources."""
    found: list[tuple[int, str, str]] = []
    owner: dict[str, str] = {}
    shared = catalog.get("sources", {})
    for index, program in enumerate(catalog["programs"]):
        for pos, name in enumerate(names(program)):
            field = "id" if pos == 0 else f"aliases.{pos - 1}"
            if name in owner:
                twice = f"the id {name!r} is used twice" if pos == 0 and owner[name] == name else ""
                message = twice or f"{name!r} is already the id or an alias of {owner[name]!r}"
                found.append((index, field, message))
            else:
                owner[name] = program["id"]
        known = sources_of(catalog, program)
        for field, key in cited(program):
            if key not in known:
                found.append((index, field, f"cites unknown source {key!r}"))
        for key in sorted(program["sources"].keys() & shared.keys()):
            found.append((index, f"sources.{key}", f"source {key!r} shadows a catalog source"))
        for name in PRICE_NAMES:
            price = program.get(name)
            if (
                isinstance(price, dict)
                and price["source"] in known
                and not dated(known[price["source"]])
            ):
                message = "cites an undated source; a price needs its year"
                found.append((index, name, message))
    return found
