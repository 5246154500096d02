"""Where a catalog's problems are: a readable place ("program 'beta' field duration") and the
line of the YAML it comes from.

Lines come from one streaming pass over the parser's events that notes only the places asked
for, so locating a few problems in a large file builds no tree of YAML nodes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mlchoose.data.yamlfile import Problem, loader

if TYPE_CHECKING:
    from pydantic import ValidationError

#: A problem before it is located: (path in the document, message, program id if known).
Found = tuple[tuple[str | int, ...], str, str | None]


def field_path(index: int, field: str) -> tuple[str | int, ...]:
    """('programs', 3, 'aliases', 0) for program 3's field 'aliases.0'."""
    return ("programs", index, *(int(p) if p.isdigit() else p for p in field.split(".")))


def validation_problems(
    error: ValidationError, document: dict[str, Any], offset: tuple[str | int, ...] = ()
) -> list[Found]:
    """Pydantic's errors as places in ``document``; ``offset`` is prefixed to each place."""
    found = []
    for item in error.errors(include_url=False):
        loc = (*offset, *(p for p in item["loc"] if not (isinstance(p, str) and "[" in p)))
        found.append((loc, _said(item["type"], item["msg"], loc), program_id(document, loc)))
    return found


def _said(kind: str, message: str, loc: tuple[str | int, ...]) -> str:
    """Pydantic's message, or ours where its wording tells a catalog author too little: an
    unknown field gets the closest known one ('regoin' -> 'region')."""
    if kind != "extra_forbidden" or not loc or not isinstance(loc[-1], str):
        return message
    import difflib

    key = loc[-1]
    known = _field_names()
    if key in known:  # a field of the catalog, in the wrong place
        return f"field {key!r} does not belong here"
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    return f"unknown field {key!r}" + (f"; did you mean {close[0]!r}?" if close else "")


@functools.cache
def _field_names() -> list[str]:
    """Every key of the catalog's typed tables (what an unknown key is compared with)."""
    from mlchoose.data import models

    names: set[str] = set()
    for value in vars(models).values():
        keys = getattr(value, "__required_keys__", None)  # a TypedDict of the catalog's own
        if isinstance(value, type) and keys is not None and value.__module__ == models.__name__:
            names |= set(keys) | set(getattr(value, "__optional_keys__", ()))
    return sorted(names)


def program_id(document: dict[str, Any], loc: tuple[str | int, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "programs" and isinstance(loc[1], int):
        programs = document.get("programs")
        if (
            isinstance(programs, list)
            and loc[1] < len(programs)
            and isinstance(programs[loc[1]], dict)
        ):
            ident = programs[loc[1]].get("id")
            return str(ident) if ident is not None else None
    return None


def raw_duplicates(document: dict[str, Any]) -> list[Found]:
    """Ids and aliases used twice, found in a document that failed validation, so that one
    run of ``validate`` reports them beside the schema errors."""
    programs = document.get("programs")
    if not isinstance(programs, list):
        return []
    owner: dict[str, str] = {}
    found: list[Found] = []
    for index, entry in enumerate(programs):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        given = entry.get("aliases")
        aliases: list[Any] = given if isinstance(given, list) else []
        for pos, name in enumerate([entry["id"], *aliases]):
            if not isinstance(name, str):
                continue
            if name in owner:
                field: tuple[str | int, ...] = ("id",) if pos == 0 else ("aliases", pos - 1)
                message = f"{name!r} is already the id or an alias of {owner[name]!r}"
                found.append((("programs", index, *field), message, entry["id"]))
            else:
                owner[name] = entry["id"]
    return found


def locate(
    text: str | None,
    document: dict[str, Any],
    found: Sequence[Found],
    rebase: Mapping[int, int] | None = None,
) -> list[Problem]:
    """Problems with a readable place and, where the YAML gives one, a line number.

    ``rebase``: ``text`` is an overlay laid over ``document``; it maps the index of a program
    in ``document`` to the index of its entry in the overlay, and only what the overlay itself
    says gets a line."""
    spots = [_in_text(loc, rebase) for loc, _, _ in found]
    lines = find_lines(text, [s for s in spots if s is not None]) if text is not None else {}
    floor = 0 if rebase is None else 1
    problems = []
    for (loc, message, ident), spot in zip(found, spots, strict=True):
        if loc and loc[0] == "programs" and len(loc) >= 2 and isinstance(loc[1], int):
            ident = ident or program_id(document, loc)
            who = f"program {ident!r}" if ident else f"program #{loc[1] + 1}"
            rest = ".".join(str(p) for p in loc[2:])
            where = f"{who} field {rest}" if rest else who
        else:
            where = "field " + ".".join(str(p) for p in loc) if loc else "catalog"
        line = None if spot is None else _deepest(lines, spot, floor)
        problems.append(Problem(where, message, line))
    return problems


def _in_text(
    loc: tuple[str | int, ...], rebase: Mapping[int, int] | None
) -> tuple[str | int, ...] | None:
    """Where ``loc`` is in the text: itself, or for an overlay its entry's place (None when
    the overlay does not hold it)."""
    if rebase is None or len(loc) < 2 or loc[0] != "programs" or not isinstance(loc[1], int):
        return loc
    entry = rebase.get(loc[1])
    return None if entry is None else ("programs", entry, *loc[2:])


def _deepest(
    lines: dict[tuple[str, ...], int], loc: tuple[str | int, ...], floor: int = 0
) -> int | None:
    path = tuple(str(p) for p in loc)
    for end in range(len(path), floor - 1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def find_lines(text: str, locs: Sequence[tuple[str | int, ...]]) -> dict[tuple[str, ...], int]:
    """1-based line of each node on the paths ``locs`` that the YAML has (a mapping's value is
    placed at its key's line), from one pass over the parser's events. A document that is a
    bare list of programs is read as ``programs: [...]``."""
    import yaml

    wanted = {tuple(str(p) for p in loc[:end]) for loc in locs for end in range(len(loc) + 1)}
    lines: dict[tuple[str, ...], int] = {}
    # Per open collection: [path, is mapping, expecting a key, next index, key of the value].
    stack: list[list[Any]] = []
    try:
        events: Iterable[Any] = yaml.parse(text, Loader=loader())
        for event in events:
            kind = type(event)
            if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                stack.pop()
                _advance(stack)
                continue
            if kind not in (
                yaml.ScalarEvent,
                yaml.AliasEvent,
                yaml.SequenceStartEvent,
                yaml.MappingStartEvent,
            ):
                continue
            line = int(event.start_mark.line) + 1
            if not stack:
                path: tuple[str, ...] = ()
                if kind is yaml.SequenceStartEvent:
                    path = ("programs",)
            else:
                top = stack[-1]
                if top[1] and top[2]:  # a key: its line is where its value is placed
                    top[4] = str(event.value) if kind is yaml.ScalarEvent else None
                    if top[4] is not None and (*top[0], top[4]) in wanted:
                        lines.setdefault((*top[0], top[4]), line)
                    if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                        _advance(stack)
                        continue
                    stack.append([("\0",), False, False, 0, None])  # a complex key: not followed
                    continue
                if top[1]:
                    path = (*top[0], top[4]) if top[4] is not None else ("\0",)
                else:
                    path = (*top[0], str(top[3]))
                if path in wanted:
                    lines.setdefault(path, line)
            if not stack and path in wanted:
                lines.setdefault(path, line)
            if kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                stack.append([path, kind is yaml.MappingStartEvent, True, 0, None])
            else:
                _advance(stack)
    except yaml.YAMLError:
        pass
    return lines


def _advance(stack: list[list[Any]]) -> None:
    """One node of the innermost open collection is complete."""
    if stack:
        top = stack[-1]
        if top[1]:
            top[2] = not top[2]
        else:
            top[3] += 1


def line_of(text: str, *path: str | int) -> str:
    """`` (line N)`` for the node at ``path`` in the YAML ``text`` (a mapping's value at its
    key's line), or nothing when the text has no such node."""
    lines = find_lines(text, [path])
    key = tuple(str(p) for p in path)
    return f" (line {lines[key]})" if key in lines else ""
