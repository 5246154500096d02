"""A cache that lies (issue 21): what is read back from the cache is verified, and anything that
does not verify is a miss, rebuilt from the catalog file."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any, cast

from mlchoose.data import cache, catalog
from tests.factories import catalog_data, dump, program_data


def pubs(path: Path) -> Any:
    faculty: Any = catalog.load(path, slim=True)["programs"][0]["faculty"]
    return faculty["ai_adjusted_pubs"]


def slim_dump(path: Path) -> bytes:
    return marshal.dumps(cast(Any, catalog.load(path, slim=True)))


def entry_of(path: Path | None = None, *, slim: bool = False) -> Path:
    key = catalog._inputs(path, ())[3] + (catalog.SLIM if slim else "")
    return cache.folder() / cache.name(key)


def alpha(tmp_path: Path, name: str = "a.yaml", *ids: str) -> Path:
    path = tmp_path / name
    programs = [program_data(i) for i in (ids or ("alpha",))]
    path.write_text(dump(catalog_data(*programs)), encoding="utf-8")
    return path


def edited(catalog_data_: Any) -> Any:
    catalog_data_["programs"][0]["faculty"]["ai_adjusted_pubs"] = 1e9
    return catalog_data_


def test_an_edited_entry_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    path = alpha(tmp_path)
    genuine = pubs(path)
    entry = entry_of(path, slim=True)
    # The hostile run's edit: the entry rewritten as plain marshal of an edited catalog ...
    entry.write_bytes(marshal.dumps(edited(catalog.load(path, slim=True))))
    assert pubs(path) == genuine
    # ... or the payload of a real entry changed, keeping its header and digest.
    data = entry.read_bytes()
    payload = marshal.dumps(edited(catalog.load(path, slim=True)))
    entry.write_bytes(data[: len(data) - len(slim_dump(path))] + payload)
    assert entry.read_bytes() != data
    assert pubs(path) == genuine


def test_another_catalogs_entry_copied_onto_the_builtin_key_is_ignored(tmp_path: Path) -> None:
    other = alpha(tmp_path, "other.yaml", "planted", "second")
    catalog.load(other)
    catalog.load()
    entry_of(None).write_bytes(entry_of(other).read_bytes())
    ids = [p["id"] for p in catalog.load()["programs"]]
    assert "planted" not in ids and "cmu-msml" in ids


def test_an_entry_of_empty_programs_is_rebuilt_not_a_key_error(tmp_path: Path) -> None:
    path = alpha(tmp_path)
    catalog.load(path)
    catalog.load(path, slim=True)
    for entry in (entry_of(path), entry_of(path, slim=True)):
        entry.write_bytes(marshal.dumps({"programs": [{}]}))
    assert catalog.load(path)["programs"][0]["id"] == "alpha"
    assert catalog.load(path, slim=True)["programs"][0]["id"] == "alpha"
    assert catalog.cached_names(path) is not None  # rewritten, and verifies again


def test_a_verified_entry_is_used(tmp_path: Path, monkeypatch: Any) -> None:
    path = alpha(tmp_path)
    catalog.load(path)
    monkeypatch.setattr(catalog, "parse", lambda data: (_ for _ in ()).throw(AssertionError))
    assert catalog.load(path)["programs"][0]["id"] == "alpha"
