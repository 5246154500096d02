"""The one way mlchoose reads YAML: catalogs, overlays, weights files and saved profiles.

Every file passes the same checks before any Python object is built from it:

* reading: a regular file only (a FIFO, a device such as /dev/zero or a directory is refused
  from ``os.stat`` before it is opened, and it is opened non-blocking), at most a size limit;
* shape, in one streaming pass over the parser's events (no objects built): at most
  :data:`MAX_NODES` nodes, nesting at most :data:`MAX_DEPTH` deep, no entry of a top-level
  list or mapping larger than :data:`MAX_ENTRY_NODES` nodes, aliases that would expand to more
  than :data:`MAX_ALIAS_NODES` nodes refused ("billion laughs"), no key twice in a mapping and,
  when the caller names them, no unknown top-level key;
* building: the safe loader (no Python tags), except that an impossible date such as
  ``2026-02-30`` stays the text it is, so the schema reports it with its place.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from mlchoose.errors import DATA_ERROR, MlchooseError

#: Larger catalog (and overlay) files are refused before parsing; the built-in one is far below.
MAX_CATALOG_BYTES = 64 * 1024 * 1024
#: Weights files and saved profiles hold a few lines; larger ones are refused unread.
MAX_SMALL_BYTES = 1024 * 1024
#: YAML aliases that would add more nodes than this (and ten times the file's own) are refused:
#: a catalog needs none, and a few dozen nested ones can expand to billions ("billion laughs").
MAX_ALIAS_NODES = 100_000
#: Nodes (scalars, lists, mappings, aliases) in one file: the 10,000-program benchmark catalog,
#: just under the size limit, has about 2.9 million. A file made of tiny lists would have 20
#: million and cost gigabytes to build, so it is refused after this many, at parser speed.
MAX_NODES = 4_000_000
#: Nesting depth: a catalog needs 7.
MAX_DEPTH = 64
#: Nodes in one entry of a top-level list or mapping (one program, one shared source): a real
#: program has a few hundred. It bounds the work of reporting what is wrong with one entry.
MAX_ENTRY_NODES = 50_000


class Problem(NamedTuple):
    """One thing wrong with a file, with its place."""

    where: str
    message: str
    line: int | None = None
    #: "error" makes a file invalid; "warning" is raised by ``validate --strict`` only.
    level: str = "error"

    def __str__(self) -> str:
        at = f" (line {self.line})" if self.line is not None else ""
        return f"{self.where}{at}: {self.message}"


# --- reading ------------------------------------------------------------------------------------


def read_bytes(path: Path, what: str = "catalog", limit: int = MAX_CATALOG_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (``what`` names it in errors), or a one-line
    error for every way reading it can fail. Nothing but a regular file is opened, and it is
    opened non-blocking, so a FIFO swapped in after the check cannot hang the read either."""
    name = str(path)
    try:
        try:
            info = path.stat()
        except FileNotFoundError:
            if path.is_symlink():
                raise MlchooseError(f"{what} {name!r} is a broken symbolic link") from None
            raise MlchooseError(f"{what} {name!r} does not exist") from None
        except OSError as error:
            if error.errno == 40:  # ELOOP
                raise MlchooseError(f"{what} {name!r} is a loop of symbolic links") from None
            raise
        _check_kind(info.st_mode, what, name)
        if info.st_size > limit:
            raise MlchooseError(f"{what} {name!r} is larger than {_size(limit)}")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            _check_kind(os.fstat(handle.fileno()).st_mode, what, name)
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise MlchooseError(f"{what} {name!r} is larger than {_size(limit)}")
        return data
    except OSError as error:
        raise MlchooseError(f"cannot read {what} {name!r}: {error.strerror or error}") from None


def _check_kind(mode: int, what: str, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise MlchooseError(f"{what} {name!r} is a directory, not a file")
    if not stat.S_ISREG(mode):
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "special"
        )
        raise MlchooseError(f"{what} {name!r} is not a regular file ({kind})")


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 1024} KB"


# --- parsing ------------------------------------------------------------------------------------


def load_yaml(data: bytes, top_keys: frozenset[str] | None = None) -> tuple[Any, str] | Problem:
    """(document, text) of YAML bytes read safely, or the one problem that stops it: not UTF-8,
    not YAML, too large a shape, an alias bomb, a duplicate key, an unknown top-level key
    (when ``top_keys`` names the allowed ones). Python tags are refused (safe loader)."""
    import yaml

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return Problem("file", f"not UTF-8 text (byte {error.start})")
    try:
        problem = check_shape(text, top_keys)
        if problem is not None:
            return problem
        return yaml.load(text, Loader=loader()), text
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        found = getattr(error, "problem", None) or str(error).split("\n")[0]
        return Problem("file", f"not valid YAML: {found}", line)
    except RecursionError:
        return Problem("file", f"not valid YAML for mlchoose: nested more than {MAX_DEPTH} deep")


def read_document(path: Path, what: str, limit: int = MAX_SMALL_BYTES) -> tuple[Any, str]:
    """(document, text) of a small YAML file (weights, profile), through every check above;
    its problems are one-line errors that name the file."""
    data = read_bytes(path, what, limit)
    loaded = load_yaml(data)
    if isinstance(loaded, Problem):
        raise MlchooseError(f"{what} {str(path)!r}: {loaded}", DATA_ERROR)
    return loaded


@functools.cache
def loader() -> Any:
    """PyYAML's C safe loader where it is built (else the pure-Python one), with impossible
    dates kept as text rather than raising ValueError while the document is built, and an
    integer too long for Python a YAML error with its line rather than an internal error."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def timestamp(self: Any, node: Any) -> Any:
        try:
            return base.construct_yaml_timestamp(self, node)
        except ValueError:
            return str(node.value)

    def integer(self: Any, node: Any) -> Any:
        try:
            return base.construct_yaml_int(self, node)
        except ValueError:  # more digits than Python turns into an int (4,300): one clear line
            message = f"a number with more than {sys.get_int_max_str_digits():,} digits"
            raise yaml.constructor.ConstructorError(None, None, message, node.start_mark) from None

    safe: Any = type("MlchooseLoader", (base,), {})
    safe.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    safe.add_constructor("tag:yaml.org,2002:int", integer)
    return safe


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


class _Open:
    """One open list or mapping in :func:`check_shape`'s pass."""

    __slots__ = ("anchor", "is_map", "keys", "nodes", "want_key")

    def __init__(self, anchor: str | None, is_map: bool) -> None:
        self.anchor = anchor
        self.is_map = is_map
        self.nodes = 1
        self.keys: set[str] = set()
        self.want_key = True


def check_shape(text: str, top_keys: frozenset[str] | None = None) -> Problem | None:
    """The first problem of the document's shape, found from the parser's events alone (so a
    file that would take gigabytes to build costs only a pass of the C parser): see the module
    docstring for the rules."""
    import yaml

    sizes: dict[str, int] = {}
    stack: list[_Open] = [_Open(None, False)]  # a sentinel holding the document
    stack[0].want_key = False
    added = nodes = 0
    #: The first key problem: reported once the whole file is known not to be too large.
    pending: Problem | None = None
    entry_depth = 3  # an entry of a top-level mapping; 2 when the document is a list
    events: Iterable[Any] = yaml.parse(text, Loader=loader())
    for event in events:
        kind = type(event)
        if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            done = stack.pop()
            if done.anchor:
                sizes[done.anchor] = done.nodes
            if len(stack) >= entry_depth and done.nodes > MAX_ENTRY_NODES:
                return Problem("file", f"an entry holds more than {MAX_ENTRY_NODES:,} nodes")
            parent = stack[-1]
            parent.nodes += done.nodes
            if parent.is_map:
                parent.want_key = not parent.want_key
            continue
        if kind not in (
            yaml.ScalarEvent,
            yaml.AliasEvent,
            yaml.SequenceStartEvent,
            yaml.MappingStartEvent,
        ):
            continue
        nodes += 1
        if nodes > MAX_NODES:
            return Problem(
                "file", f"more than {MAX_NODES:,} YAML nodes; refused as too large", _line(event)
            )
        parent = stack[-1]
        if kind is yaml.AliasEvent:
            size = sizes.get(event.anchor or "", 1)
            added += size
            if added > MAX_ALIAS_NODES and added > 10 * nodes:
                message = (
                    f"YAML aliases (*name) expand to more than {MAX_ALIAS_NODES:,} nodes; "
                    "refused as an alias bomb"
                )
                return Problem("file", message, _line(event))
            parent.nodes += size
        elif kind is yaml.ScalarEvent:
            if event.anchor:
                sizes[event.anchor] = 1
            if parent.is_map and parent.want_key:
                problem = _key(parent, str(event.value), len(stack), top_keys, event)
                pending = pending or problem
            parent.nodes += 1
        else:
            if len(stack) == 1 and kind is yaml.SequenceStartEvent:
                entry_depth = 2
            if len(stack) > MAX_DEPTH:
                message = f"not valid YAML for mlchoose: nested more than {MAX_DEPTH} deep"
                return Problem("file", message, _line(event))
            stack.append(_Open(event.anchor, kind is yaml.MappingStartEvent))
            continue
        if parent.is_map:
            parent.want_key = not parent.want_key
    return pending


def _key(
    mapping: _Open, key: str, depth: int, top_keys: frozenset[str] | None, event: Any
) -> Problem | None:
    """A problem with a mapping's key: given twice, or not allowed at the top level."""
    if key in mapping.keys and key != "<<":
        return Problem("file", f"key {key!r} appears twice in the same mapping", _line(event))
    mapping.keys.add(key)
    if depth == 2 and top_keys is not None and key not in top_keys:
        allowed = ", ".join(repr(k) for k in sorted(top_keys))
        return Problem("file", f"unknown top-level key {key!r} (allowed: {allowed})", _line(event))
    return None
