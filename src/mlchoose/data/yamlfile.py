"""The one way mlchoose reads YAML: catalogs, overlays, weights files and saved profiles.

Every file passes the same checks, each before anything it guards against is built:

* reading: a regular file only (a FIFO, a device such as /dev/zero or a directory is refused
  from ``os.stat`` before it is opened, and it is opened non-blocking), at most a size limit;
* shape, in one streaming pass over the parser's events: at most :data:`MAX_NODES` nodes,
  nesting at most :data:`MAX_DEPTH` deep, no entry of a top-level list or mapping larger than
  :data:`MAX_ENTRY_NODES` nodes, aliases that would expand to more than
  :data:`MAX_ALIAS_NODES` nodes refused ("billion laughs"), no key twice in a mapping and,
  when the caller names them, no unknown top-level key;
* building: in that same pass, as the safe loader builds (no Python tags; an alias is the
  object of its anchor, never a copy), so a refused file has cost at most :data:`MAX_NODES`
  built nodes and one parse; files that use what the pass does not build (explicit tags,
  merge keys) are built by PyYAML's safe loader after the pass. An impossible date such as
  ``2026-02-30`` stays the text it is, so the schema reports it with its place.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from pathlib import Path
from typing import Any, NamedTuple

from mlchoose.errors import DATA_ERROR, MlchooseError

#: Larger catalog (and overlay) files are refused before parsing. What real catalogs need: an
#: entry like the shipped ones (quotes, notes, field of study) is about 7.9 KB of YAML, so
#: 10,000 programs, the scale mlchoose is built and benchmarked for, make 79 MB (75 MiB; the
#: built-in catalog of 39 is 0.3 MB). The limit leaves 70 % headroom over that for entries
#: that grow (more quotes, disputes), while a hostile file of this size stays bounded: the
#: checks below run at parser speed before or while it is built (see benchmarks/RESULTS.md).
MAX_CATALOG_BYTES = 128 * 1024 * 1024
#: Weights files and saved profiles hold a few lines; larger ones are refused unread.
MAX_SMALL_BYTES = 1024 * 1024
#: YAML aliases that would add more nodes than this (and ten times the file's own) are refused:
#: a catalog needs none, and a few dozen nested ones can expand to billions ("billion laughs").
MAX_ALIAS_NODES = 100_000
#: Nodes (scalars, lists, mappings, aliases) in one file: 10,000 programs like the shipped
#: ones have about 3.0 million (5.1 million at the size limit with the same density). A file
#: of 128 MB made of tiny lists would have 40 million and cost gigabytes to build, so it is
#: refused after this many, at parser speed and with at most this many nodes built.
MAX_NODES = 6_000_000
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
    (when ``top_keys`` names the allowed ones). Python tags are refused (safe loader).

    The document is built in the same pass over the parser's events that checks its shape
    (:func:`_scan`), with the safe loader's own resolver and constructors; a file that uses what
    that pass does not build (an explicit tag, a merge key ``<<``, several documents, an alias of
    an unfinished node) is built by PyYAML's safe loader once its shape has passed."""
    import yaml

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return Problem("file", f"not UTF-8 text (byte {error.start})")
    try:
        problem, built = _scan(text, top_keys, build=True)
        if problem is not None:
            return problem
        if built:
            return built[0], text
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
    """One open list or mapping in :func:`_scan`'s pass (with the object being built)."""

    __slots__ = ("anchor", "is_map", "key", "keys", "nodes", "value", "want_key")

    def __init__(self, anchor: str | None, is_map: bool, value: Any = None) -> None:
        self.anchor = anchor
        self.is_map = is_map
        self.nodes = 1
        self.keys: set[str] = set()
        self.want_key = True
        self.value = value
        self.key: Any = None


#: Plain scalars this short are resolved once per distinct text and their value shared (keys,
#: vocabulary words, numbers and dates repeat thousands of times in a large catalog), up to
#: this many distinct texts. Values of these types only are shared, as they cannot be changed.
_SHARED_LENGTH = 64
_SHARED_COUNT = 200_000
#: Tags whose scalars the one-pass build constructs; any other tag leaves it to PyYAML.
_STR = "tag:yaml.org,2002:str"
#: The value of an anchor whose list or mapping is still open.
_UNFINISHED: Any = object()
_BUILT_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)


def check_shape(text: str, top_keys: frozenset[str] | None = None) -> Problem | None:
    """The first problem of the document's shape, found from the parser's events alone (so a
    file that would take gigabytes to build costs only a pass of the C parser): see the module
    docstring for the rules."""
    return _scan(text, top_keys, build=False)[0]


def _scan(
    text: str, top_keys: frozenset[str] | None, *, build: bool
) -> tuple[Problem | None, tuple[Any] | None]:
    """(the first problem of the document's shape, ``(document,)`` when ``build`` and the pass
    could build it). One pass of the C parser's events checks the rules of the module docstring
    and, when ``build``, constructs the document as the safe loader would: aliases share the
    object of their anchor, and no object is built beyond the node limit. The parser's events
    are read one by one (``get_event``), not through ``yaml.parse``'s generator."""
    import yaml
    from yaml.nodes import ScalarNode

    base = loader()
    parser = base(text)
    get_event = parser.get_event
    resolve = parser.resolve
    constructors = base.yaml_constructors
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    sequence_start, mapping_start = yaml.SequenceStartEvent, yaml.MappingStartEvent
    sequence_end, mapping_end = yaml.SequenceEndEvent, yaml.MappingEndEvent
    document_start = yaml.DocumentStartEvent
    plain_implicit = (True, False)
    shared: dict[str, Any] = {}
    quoted: dict[str, str] = {}
    anchors: dict[str, Any] = {}  # finished anchored values, for aliases
    documents = 0

    sizes: dict[str, int] = {}
    root = _Open(None, False, [])  # a sentinel holding the document
    root.want_key = False
    stack: list[_Open] = [root]
    added = nodes = 0
    #: The first key problem: reported once the whole file is known not to be too large.
    pending: Problem | None = None
    entry_depth = 3  # an entry of a top-level mapping; 2 when the document is a list
    #: Nodes read so far may reach this: MAX_NODES, or less inside an entry, so that one
    #: huge entry is refused after MAX_ENTRY_NODES of its own nodes, not at the file's limit.
    limit = MAX_NODES
    try:
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is scalar_event:
                nodes += 1
                if nodes > limit:
                    return _too_many(event, nodes), None
                parent = stack[-1]
                anchor = event.anchor
                if anchor:
                    sizes[anchor] = 1
                if parent.is_map and parent.want_key:
                    problem = _key(parent, str(event.value), len(stack), top_keys, event)
                    pending = pending or problem
                parent.nodes += 1
                if build:
                    value = event.value
                    if event.tag is not None:
                        build = False
                    elif event.implicit == plain_implicit:
                        built = shared.get(value, shared)
                        if built is shared:
                            tag = resolve(ScalarNode, value, plain_implicit)
                            if tag == _STR:
                                built = value
                            elif tag in _BUILT_TAGS:
                                node = ScalarNode(tag, value, event.start_mark, event.end_mark)
                                built = constructors[tag](parser, node)
                            else:
                                build = False
                            if len(value) <= _SHARED_LENGTH and len(shared) < _SHARED_COUNT:
                                shared[value] = built
                    elif len(value) <= _SHARED_LENGTH:
                        built = quoted.setdefault(value, value)
                    else:
                        built = value
                    if build:
                        if anchor:
                            build = anchor not in anchors
                            anchors[anchor] = built
                        build = build and _add(parent, built)
                if parent.is_map:
                    parent.want_key = not parent.want_key
            elif kind is sequence_end or kind is mapping_end:
                done = stack.pop()
                if len(stack) == entry_depth:
                    limit = MAX_NODES
                if done.anchor:
                    sizes[done.anchor] = done.nodes
                if len(stack) >= entry_depth and done.nodes > MAX_ENTRY_NODES:
                    message = f"an entry holds more than {MAX_ENTRY_NODES:,} nodes"
                    return Problem("file", message), None
                parent = stack[-1]
                parent.nodes += done.nodes
                if build:
                    if done.anchor:
                        anchors[done.anchor] = done.value
                    build = _add(parent, done.value)
                if parent.is_map:
                    parent.want_key = not parent.want_key
            elif kind is sequence_start or kind is mapping_start:
                nodes += 1
                if nodes > limit:
                    return _too_many(event, nodes), None
                if len(stack) == 1 and kind is sequence_start:
                    entry_depth = 2
                if len(stack) > MAX_DEPTH:
                    message = f"not valid YAML for mlchoose: nested more than {MAX_DEPTH} deep"
                    return Problem("file", message, _line(event)), None
                anchor = event.anchor
                is_map = kind is mapping_start
                value = None
                if build:
                    if event.tag is not None:
                        build = False
                    else:
                        value = {} if is_map else []
                        if anchor:  # an alias of it before its end is left to PyYAML
                            build = anchor not in anchors
                            anchors[anchor] = _UNFINISHED
                stack.append(_Open(anchor, is_map, value))
                if len(stack) == entry_depth + 1:
                    limit = min(MAX_NODES, nodes + MAX_ENTRY_NODES)
            elif kind is alias_event:
                nodes += 1
                if nodes > limit:
                    return _too_many(event, nodes), None
                parent = stack[-1]
                size = sizes.get(event.anchor or "", 1)
                added += size
                if added > MAX_ALIAS_NODES and added > 10 * nodes:
                    message = (
                        f"YAML aliases (*name) expand to more than {MAX_ALIAS_NODES:,} nodes; "
                        "refused as an alias bomb"
                    )
                    return Problem("file", message, _line(event)), None
                parent.nodes += size
                if build:  # an undefined alias or one of an unfinished node: left to PyYAML
                    built = anchors.get(event.anchor or "", _UNFINISHED)
                    build = built is not _UNFINISHED and _add(parent, built)
                if parent.is_map:
                    parent.want_key = not parent.want_key
            elif kind is document_start:
                documents += 1
                build = build and documents == 1
    finally:
        parser.dispose()
    if pending is not None or not build:
        return pending, None
    return None, (root.value[0] if root.value else None,)


def _add(parent: _Open, value: Any) -> bool:
    """Put a finished value into the list or mapping being built; False when it is a key that
    the safe loader refuses (a list or mapping): the build is then left to PyYAML."""
    if not parent.is_map:
        parent.value.append(value)
    elif parent.want_key:
        if isinstance(value, (list, dict)):
            return False
        parent.key = value
    else:
        parent.value[parent.key] = value
    return True


def _too_many(event: Any, nodes: int) -> Problem:
    """The problem of the node that passed the limit: the file's, or its entry's."""
    if nodes <= MAX_NODES:
        return Problem("file", f"an entry holds more than {MAX_ENTRY_NODES:,} nodes", _line(event))
    return Problem(
        "file", f"more than {MAX_NODES:,} YAML nodes; refused as too large", _line(event)
    )


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
