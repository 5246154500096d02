"""Find, read, validate and cache catalog files; find a program by id or alias.

The hot path: a catalog file is read as bytes and hashed; when a validated copy for exactly those
bytes (and this mlchoose version) is in the user cache, that plain data is unmarshalled and neither
PyYAML nor Pydantic is needed. Otherwise the file is parsed with the safe loader, validated once
at this boundary, and the cache is written atomically.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from mlchoose import __version__
from mlchoose.data import cache
from mlchoose.data.locate import (
    Found,
    field_path,
    locate,
    program_id,
    raw_duplicates,
    validation_problems,
)
from mlchoose.data.registry import FACT_NAMES, PRICE_NAMES
from mlchoose.data.rules import (
    STALE_AFTER,
    cited,
    dated,
    names,
    problems,
    sources_of,
    warnings,
)
from mlchoose.data.yamlfile import MAX_ALIAS_NODES, MAX_CATALOG_BYTES, Problem, load_yaml
from mlchoose.data.yamlfile import read_bytes as read_file
from mlchoose.errors import DATA_ERROR, MlchooseError, unknown_name

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from mlchoose.data.models import Catalog, Program, Source

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_CATALOG_BYTES",
    "STALE_AFTER",
    "Problem",
    "cited",
    "dated",
    "load_yaml",
    "names",
    "problems",
    "program_id",
    "sources_of",
    "warnings",
]

#: Top-level keys of a catalog or overlay file; any other is an error with its line.
TOP_KEYS = frozenset({"sources", "programs"})
#: ``validate`` stops collecting problems after this many (a broken file can hold millions).
MAX_PROBLEMS = 1000
BUILTIN = "programs.yaml"
ENV_CATALOG = "MLCHOOSE_CATALOG"
ENV_OVERLAY = "MLCHOOSE_OVERLAY"


def builtin_bytes() -> bytes:
    """The built-in catalog's bytes, read by path (``importlib.resources`` costs about a
    millisecond of every start), through ``importlib.resources`` where there is no file."""
    try:
        return (Path(__file__).parent.parent / BUILTIN).read_bytes()
    except OSError:
        from importlib.resources import files

        return files("mlchoose").joinpath(BUILTIN).read_bytes()


def read_bytes(path: Path, what: str = "catalog") -> bytes:
    """A catalog or overlay file's bytes, or a one-line error (see :mod:`yamlfile`)."""
    return read_file(path, what, MAX_CATALOG_BYTES)


def _source(path: Path | None) -> tuple[str, bytes]:
    """(name, bytes) of the catalog to use: ``path``, else $MLCHOOSE_CATALOG, else built-in."""
    if path is None and os.environ.get(ENV_CATALOG):
        path = Path(os.environ[ENV_CATALOG])
    if path is None:
        return BUILTIN, builtin_bytes()
    return str(path), read_bytes(path)


def fingerprint(path: Path | None = None, overlays: Sequence[Path] = ()) -> str:
    """Which catalog a result comes from, for reports: its name, the overlays laid over it, and
    a short hash of all of their contents."""
    builtin = path is None and not os.environ.get(ENV_CATALOG)
    name, data, layers, _ = _inputs(path, overlays)
    label = f"built-in {name} of mlchoose {__version__}" if builtin else name
    if layers:
        label += " with " + ", ".join(layer for layer, _ in layers)
    # Plain SHA-256 of the file when there are no overlays, so `sha256sum` can check it.
    digest = hashlib.sha256(b"\0".join([data, *(layer for _, layer in layers)])).hexdigest()
    return f"{label}, sha256 {digest[:12]}"


#: Bumped when what ``load`` derives from validated data changes (``_derive``): cached
#: catalogs hold derived facts, so the cache key includes it.
DERIVED = 2


@functools.cache
def _schema_stamp() -> str:
    """A digest of the schema's source (models and vocabulary): a cached catalog validated by
    another schema (a development build between versions) is never read back as current. The
    files are read, not imported: a cached run must not load Pydantic."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"derived {DERIVED}".encode())
    for source in (
        here / "models.py",
        here / "registry.py",
        here.parent / "vocab.py",
        here / "dhs_stem_cip.csv",
        here / "federal.py",
        here / "scorecard_fos.csv",
        here / "cip_titles.csv",
    ):
        try:
            digest.update(source.read_bytes())
        except OSError:  # an installation without sources: the version alone decides
            digest.update(source.name.encode())
    return digest.hexdigest()


def _key(data: bytes, layers: Sequence[tuple[str, bytes]]) -> str:
    """Cache key: the catalog's content, each overlay's name (the cached catalog records which
    file a field came from) and content, mlchoose's version and Python's (marshal's format is
    Python's own), so a cache is never stale. Each part is hashed after its length, so no two
    splits of the same bytes agree, and piece by piece: joining them would copy a large file."""
    stamp = f"{__version__} {sys.version_info[:2]} {cache.FORMAT} {_schema_stamp()}".encode()
    named = [part for name, layer in layers for part in (name.encode(), layer)]
    digest = hashlib.sha256()
    for part in [data, *named, stamp]:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def load(path: Path | None = None, overlays: Sequence[Path] = (), *, slim: bool = False) -> Catalog:
    """The catalog at ``path`` (default: $MLCHOOSE_CATALOG, else the built-in one), validated,
    with ``overlays`` and the user's overlay file (if there is one) merged over it in order.

    ``slim``: the same catalog without the texts only ``show`` reads (see :func:`slimmed`), from
    a cache entry of its own: what ``rank`` needs, several times faster to load when large.
    """
    return loaded(path, overlays, slim=slim).catalog


class Loaded(NamedTuple):
    catalog: Catalog
    #: The catalog's cache key (its content, overlays, mlchoose's and Python's versions, the
    #: schema): what the core keys what it derives from this catalog by (``core.stored``).
    key: str


def loaded(
    path: Path | None = None, overlays: Sequence[Path] = (), *, slim: bool = False
) -> Loaded:
    """:func:`load`, with the catalog's cache key."""
    name, data, layers, key = _inputs(path, overlays)
    return Loaded(_load(name, data, layers, key, slim), key)


def _load(
    name: str, data: bytes, layers: Sequence[tuple[str, bytes]], key: str, slim: bool
) -> Catalog:
    if slim and (thin := cache.get(key + SLIM)) is not None:
        return thin
    catalog = cache.get(key)
    if catalog is None:
        parsed, problems = parse(data)
        if parsed is None:
            raise _invalid(name, problems)
        catalog = parsed
        for layer_name, layer in layers:
            catalog = _overlay(catalog, layer_name, layer)
        _derive(catalog)
        cache.write(key, catalog)
    if slim:
        catalog = slimmed(catalog)
        cache.write(key + SLIM, catalog)
    return catalog


def _derive(catalog: Catalog) -> None:
    """Facts that follow from the field of study, once, when a catalog is loaded (the core then
    reads plain facts and does no I/O): its CIP title, STEM status by the DHS list and the
    Scorecard outcomes of its institution and field.

    STEM: a stated code decides over the catalog's sentence; a stated sentence decides over a
    field that is only reported or inferred ("likely"); your overlay's stem fact is kept.
    """
    from mlchoose.data import federal

    overlaid = catalog.get("overlaid", {})
    shared = catalog.get("sources", {})
    for program in catalog["programs"]:
        cip = program.get("cip")
        if cip is None:
            continue
        mine = overlaid.get(program["id"], {})
        title = federal.titles().get(cip["code"])
        if title is not None and "title" not in cip:
            cip["title"] = title
        if program.get("earnings") is None and "earnings" not in mine:
            program["earnings"] = federal.earnings(cip)
        stated_code = cip.get("basis", "stated") == "stated"
        if "stem" in mine or (program.get("stem") is not None and not stated_code):
            continue  # your overlay's statement, or the program's own word over an inference
        derived = federal.stem_from_field(cip)
        if derived is None:
            continue
        if stated_code or federal.DHS not in shared:
            derived["source"] = cip["source"]
        program["stem"] = derived


#: Cache key suffix of a catalog's slim copy.
SLIM = "-slim"


def slimmed(catalog: Catalog) -> Catalog:
    """The catalog with every text that only ``show`` and ``report`` read emptied: notes, the
    seed-article check, course and industry descriptions, fact notes, and the sources that no
    price cites. Every key stays, so the result has the catalog's type; ranking, filters, costs
    and the JSON of ``rank`` read the same values from it."""
    programs = []
    for program in catalog["programs"]:
        thin: dict[str, Any] = dict(program)
        for name in FACT_NAMES:
            fact = program.get(name)
            if isinstance(fact, dict) and "note" in fact:
                thin[name] = {k: v for k, v in fact.items() if k != "note"}
        thin["topics"] = [{**t, "course": ""} for t in program["topics"]]
        thin["industry"] = [{**i, "detail": ""} for i in program["industry"]]
        thin["notes"], thin["article"] = [], None
        prices = {program[n]["source"] for n in PRICE_NAMES if program.get(n)}  # type: ignore[literal-required]
        thin["sources"] = {k: _bare(s) for k, s in program["sources"].items() if k in prices}
        programs.append(thin)
    shared = {k: _bare(s) for k, s in catalog.get("sources", {}).items()}
    return cast("Catalog", {**catalog, "sources": shared, "programs": programs})


def _bare(source: Source) -> Source:
    return {"url": source["url"], "year": source["year"]}


def _inputs(
    path: Path | None, overlays: Sequence[Path]
) -> tuple[str, bytes, list[tuple[str, bytes]], str]:
    """(name, bytes, overlay layers, cache key) of what ``load`` would merge."""
    name, data = _source(path)
    layers = [(str(p), read_bytes(p, "overlay")) for p in [*overlays, *_user_overlay()]]
    return name, data, layers, _key(data, layers)


def _invalid(name: str, problems: Sequence[Problem]) -> MlchooseError:
    more = (
        f" (and {len(problems) - 1} more; see 'mlchoose validate {name}')"
        if len(problems) > 1
        else ""
    )
    return MlchooseError(f"catalog {name!r}: {problems[0]}{more}", DATA_ERROR)


def _user_overlay() -> list[Path]:
    """The user's own overlay file: $MLCHOOSE_OVERLAY, else overlay.yaml in the config folder."""
    named = os.environ.get(ENV_OVERLAY)
    if named is not None:
        return [Path(named)] if named else []
    from mlchoose.data.folders import user_folder

    path = user_folder("config") / "overlay.yaml"
    return [path] if path.is_file() else []


#: Program fields an overlay adds to instead of replacing.
APPENDED = ("aliases", "notes")


def _overlay(catalog: Catalog, name: str, data: bytes) -> Catalog:
    """Merge one overlay file over a validated catalog (rules in the README, "Your own data").

    A program whose id is already in the catalog has each field the overlay gives replaced
    (``unknown`` clears a fact), its aliases and notes extended and its sources added to; a new
    id adds a whole program. Shared sources are added. The result is validated again, and every
    replaced or added field is recorded in ``overlaid`` so that ``show`` can mark it.
    """
    loaded = load_yaml(data, TOP_KEYS)
    if isinstance(loaded, Problem):
        raise MlchooseError(f"overlay {name!r}: {loaded}", DATA_ERROR)
    document, text = loaded
    if isinstance(document, list):
        document = {"programs": document}
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("programs", []), list)
        or not isinstance(document.get("sources") or {}, dict)
    ):
        raise MlchooseError(
            f"overlay {name!r}: expected a mapping with a 'programs' list (and 'sources' mapping)",
            DATA_ERROR,
        )
    programs: list[Any] = list(catalog["programs"])
    index = {p["id"]: i for i, p in enumerate(programs)}
    overlaid = {pid: dict(fields) for pid, fields in catalog.get("overlaid", {}).items()}
    for entry in document.get("programs", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise MlchooseError(f"overlay {name!r}: every program needs an 'id'", DATA_ERROR)
        ident = entry["id"]
        fields = {k: v for k, v in entry.items() if k != "id"}
        if ident in index:
            base = programs[index[ident]]
            merged = {**base, **fields}
            for key in APPENDED:
                if key in fields and isinstance(fields[key], list):
                    merged[key] = [*base[key], *fields[key]]
            if isinstance(fields.get("sources"), dict):
                merged["sources"] = {**base["sources"], **fields["sources"]}
            programs[index[ident]] = merged
        else:
            index[ident] = len(programs)
            programs.append(entry)
        overlaid.setdefault(ident, {}).update(dict.fromkeys(fields, name))
    shared = {**catalog.get("sources", {}), **(document.get("sources") or {})}
    merged = {"sources": shared, "programs": programs}
    merged_catalog, found = _validate(merged)
    if merged_catalog is not None:
        found = [(field_path(i, f), message, None) for i, f, message in problems(merged_catalog)]
    if found:  # located in the overlay where it holds the program, else in neither file
        entries = {e["id"]: j for j, e in enumerate(document.get("programs", []))}
        rebase = {i: entries[p["id"]] for i, p in enumerate(programs) if p.get("id") in entries}
        located = locate(text, merged, found[:1], rebase)
        raise MlchooseError(f"overlay {name!r}: {located[0]}", DATA_ERROR)
    assert merged_catalog is not None
    merged_catalog["overlaid"] = overlaid
    return merged_catalog


def parse(data: bytes) -> tuple[Catalog | None, list[Problem]]:
    """Parse and validate catalog bytes: the catalog, or every problem found with its place."""
    loaded = load_yaml(data, TOP_KEYS)
    if isinstance(loaded, Problem):
        return None, [loaded]
    document, text = loaded
    return check_document(document, text)


def check_document(document: Any, text: str | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Validate parsed YAML (``text``, when given, lets problems carry line numbers)."""
    if isinstance(document, list):
        document = {"programs": document}
    if not isinstance(document, dict):
        kind = "empty" if document is None else type(document).__name__
        return None, [Problem("file", f"expected a mapping with a 'programs' list, got {kind}")]
    catalog, found = _validate(document)
    if catalog is None:
        return None, locate(text, document, found[:MAX_PROBLEMS])
    collected = problems(catalog)[:MAX_PROBLEMS]
    if collected:
        found = [(field_path(index, field), message, None) for index, field, message in collected]
        return None, locate(text, document, found)
    return catalog, []


def _validate(document: dict[str, Any]) -> tuple[Catalog | None, list[Found]]:
    """The validated catalog, or (at most about MAX_PROBLEMS of) what is wrong with it.

    Programs are validated one by one, and validation stops once MAX_PROBLEMS are found: a
    file of a million broken entries would otherwise make Pydantic collect tens of millions of
    errors. One program's errors are bounded by its size (``yamlfile.MAX_ENTRY_NODES``)."""
    from pydantic import ValidationError

    programs = document.get("programs")
    if not isinstance(programs, list) or not programs:
        try:
            return _validator().validate_python(document), []
        except ValidationError as error:
            return None, validation_problems(error, document)
    found: list[Found] = []
    try:  # everything but the programs (the first stands in for them all)
        head = _validator().validate_python({**document, "programs": programs[:1]})
    except ValidationError as error:
        found = [f for f in validation_problems(error, document) if f[0][:1] != ("programs",)]
    program = _program_validator()
    valid: list[Program] = []
    for index, entry in enumerate(programs):
        try:
            valid.append(program.validate_python(entry))
        except ValidationError as error:
            found += validation_problems(error, document, ("programs", index))
            if len(found) >= MAX_PROBLEMS:
                break
    if found:
        return None, found + raw_duplicates(document)
    return cast("Catalog", {**head, "programs": valid}), []


@functools.cache
def _validator() -> TypeAdapter[Catalog]:
    """The Pydantic validator of catalog files, built once and only when a file is parsed."""
    from pydantic import TypeAdapter

    from mlchoose.data.models import Catalog

    return TypeAdapter(Catalog)


@functools.cache
def _program_validator() -> TypeAdapter[Program]:
    """The validator of one entry of a catalog's programs list (facts left out filled in)."""
    from typing import get_args, get_type_hints

    from pydantic import TypeAdapter

    from mlchoose.data.models import Catalog

    programs = get_type_hints(Catalog, include_extras=True)["programs"]  # Annotated[list[P]]
    entry = get_args(get_args(programs)[0])[0]
    return cast("TypeAdapter[Program]", TypeAdapter(entry))


def schema() -> dict[str, Any]:
    """The JSON Schema of catalog files, generated from the models (for editors); each fact
    described by its registry label, so an editor's hover says what the field holds."""
    from mlchoose.data.registry import BY_NAME, SECTIONS

    document = _validator().json_schema()
    fields = document["$defs"]["Program"]["properties"]
    for name, fact in BY_NAME.items():
        fields[name]["description"] = f"{fact.label} ({SECTIONS[fact.section].lower()})"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **document,
    }


def cached_names(path: Path | None = None, overlays: Sequence[Path] = ()) -> list[str] | None:
    """Ids and aliases of the catalog if a validated copy is cached, else None (no parsing)."""
    try:
        cached = cache.get(_inputs(path, overlays)[3])
    except MlchooseError:
        return None
    return None if cached is None else [n for p in cached["programs"] for n in names(p)]


def check_file(path: Path, *, strict: bool = False, today: dt.date | None = None) -> list[Problem]:
    """Every problem in a catalog file (empty when it is valid); ``strict`` adds warnings."""
    data = read_bytes(path)
    catalog, problems = parse(data)
    if catalog is None or not strict:
        return problems
    found = [(field_path(i, f), message, None) for i, f, message in warnings(catalog, today)]
    text = data.decode("utf-8")
    located = locate(text, cast("dict[str, Any]", catalog), found)
    return [p._replace(level="warning") for p in located]


def find(catalog: Catalog, name: str) -> Program:
    """The program whose id or alias is ``name`` (any case), or an error with suggestions."""
    wanted = name.strip().lower()
    for program in catalog["programs"]:
        if wanted in names(program):
            return program
    raise unknown_name("program", name, [n for p in catalog["programs"] for n in names(p)])
