from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from mlchoose.data import cache, catalog
from mlchoose.errors import DATA_ERROR, MlchooseError
from tests.factories import catalog_data, dump, program_data

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_catalog_comes_from_the_package() -> None:
    loaded = catalog.load()
    assert {"cmu", "mit", "stanford", "berkeley", "uiuc", "umich"} <= {
        n for p in loaded["programs"] for n in catalog.names(p)
    }


def test_env_variable_chooses_the_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, dump(catalog_data(program_data("alpha"))))
    monkeypatch.setenv(catalog.ENV_CATALOG, str(path))
    assert [p["id"] for p in catalog.load()["programs"]] == ["alpha"]


def test_a_bare_list_is_read_as_the_programs(tmp_path: Path) -> None:
    data = [program_data("alpha")]
    data[0]["faculty"] = "unknown"
    assert (
        catalog.load(write(tmp_path, dump({"programs": data})[len("programs:\n") :]))["programs"][
            0
        ]["id"]
        == "alpha"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("programs: [", "not valid YAML"),
        ("42\n", "expected a mapping with a 'programs' list, got int"),
        ("", "got empty"),
        ("programs: []\n", "programs"),
    ],
)
def test_bad_files_give_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(MlchooseError, match=message) as caught:
        catalog.load(write(tmp_path, content))
    assert "\n" not in str(caught.value)


def test_schema_errors_name_program_field_and_line(tmp_path: Path) -> None:
    bad = program_data("beta", duration={"months_min": -1, "months_max": 16, "source": "page"})
    path = write(tmp_path, dump(catalog_data(program_data("alpha"), bad)))
    with pytest.raises(MlchooseError) as caught:
        catalog.load(path)
    text = str(caught.value)
    assert "program 'beta' field duration.months_min" in text
    problems = catalog.check_file(path)
    assert len(problems) == 1
    line = path.read_text().splitlines()[problems[0].line - 1]  # type: ignore[operator]
    assert "months_min" in line


def test_validate_reports_every_problem(tmp_path: Path) -> None:
    first = program_data("alpha", region="mars")
    second = program_data(
        "beta", aliases=["alpha-x"], delivery={"modes": ["online"], "source": "nope"}
    )
    path = write(tmp_path, dump(catalog_data(first, program_data("gamma", tuition=5), second)))
    problems = catalog.check_file(path)
    places = [p.where for p in problems]
    assert any("program 'alpha' field region" in p for p in places)
    assert any("program 'gamma' field tuition" in p for p in places)
    assert all(p.line is not None for p in problems)


def test_cross_program_problems_are_located(tmp_path: Path) -> None:
    path = write(
        tmp_path, dump(catalog_data(program_data("alpha"), program_data("beta", aliases=["alpha"])))
    )
    [problem] = catalog.check_file(path)
    assert "'alpha' is already the id or an alias of 'alpha'" in problem.message
    assert problem.line is not None
    assert path.read_text().splitlines()[problem.line - 1].strip() == "- alpha"


def test_missing_file_directory_and_non_utf8(tmp_path: Path) -> None:
    with pytest.raises(MlchooseError, match="does not exist") as caught:
        catalog.load(tmp_path / "none.yaml")
    # A file that cannot be used is a data error (exit 1), whether missing or a directory.
    assert caught.value.exit_code == DATA_ERROR
    with pytest.raises(MlchooseError, match="is a directory") as caught:
        catalog.load(tmp_path)
    assert caught.value.exit_code == DATA_ERROR
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"programs: caf\xe9\n")
    with pytest.raises(MlchooseError, match="not UTF-8"):
        catalog.load(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "programs: []")

    def refuse(where: object, *args: object) -> int:
        raise PermissionError(13, "Permission denied", str(where))

    monkeypatch.setattr(os, "open", refuse)  # root ignores chmod, so simulate it
    with pytest.raises(MlchooseError, match=r"cannot read catalog .*: Permission denied"):
        catalog.load(path)


def test_python_tags_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "programs: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(MlchooseError, match="not valid YAML"):
        catalog.load(path)


def test_find_by_id_or_alias_any_case_with_suggestions() -> None:
    loaded = catalog.load()
    assert catalog.find(loaded, "CMU")["id"] == "cmu-msml"
    assert catalog.find(loaded, " stanford ")["id"] == "stanford-mscs-ai"
    with pytest.raises(MlchooseError, match="did you mean 'stanford'"):
        catalog.find(loaded, "stanfrod")


@pytest.mark.cold_cache
def test_cache_serves_the_same_catalog_and_follows_edits(tmp_path: Path, cache_dir: Path) -> None:
    path = write(tmp_path, dump(catalog_data(program_data("alpha"))))
    first = catalog.load(path)
    assert len(list(cache_dir.glob("catalog-*.marshal"))) == 1
    assert catalog.load(path) == first
    path.write_text(dump(catalog_data(program_data("alpha", city="Chicago"))), encoding="utf-8")
    assert catalog.load(path)["programs"][0]["city"] == "Chicago"


def test_cache_keys_tell_the_catalog_and_its_overlays_apart() -> None:
    # The same bytes split differently between a catalog and its overlays are different inputs.
    keys = {
        catalog._key(b"ab", [("o", b"c")]),
        catalog._key(b"a", [("o", b"bc")]),
        catalog._key(b"abc", []),
        catalog._key(b"abc", [("o", b"")]),
        catalog._key(b"abc", [("p", b"")]),  # the name too: the cache records it
    }
    assert len(keys) == 5


def test_a_cached_copy_needs_no_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, dump(catalog_data(program_data("alpha"))))
    catalog.load(path)
    monkeypatch.setattr(catalog, "parse", lambda data: pytest.fail("parsed although cached"))
    assert catalog.load(path)["programs"][0]["id"] == "alpha"


@pytest.mark.cold_cache
@pytest.mark.parametrize(
    "garbage", [b"", b"not marshal data", b"\xe9\x00\x00\x00\x00", b"i\x01\x00\x00\x00"]
)
def test_corrupt_cache_is_rebuilt(tmp_path: Path, cache_dir: Path, garbage: bytes) -> None:
    path = write(tmp_path, dump(catalog_data(program_data("alpha"))))
    catalog.load(path)
    [entry] = cache_dir.glob("catalog-*.marshal")
    entry.write_bytes(garbage)
    assert catalog.load(path)["programs"][0]["id"] == "alpha"
    assert entry.read_bytes() != garbage


def test_unwritable_cache_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = write(tmp_path, "a file where the cache folder should be", "blocker")
    monkeypatch.setenv(cache.ENV_DIR, str(blocker / "cache"))
    path = write(tmp_path, dump(catalog_data(program_data("alpha"))))
    assert catalog.load(path)["programs"][0]["id"] == "alpha"


def test_cache_keeps_a_bounded_number_of_entries(tmp_path: Path, cache_dir: Path) -> None:
    mine = cache_dir / "notes.marshal"  # a file of the user's in the same folder
    mine.write_bytes(b"mine")
    for i in range(cache.ENTRIES + 3):
        catalog.load(write(tmp_path, dump(catalog_data(program_data("alpha", city=f"C{i}")))))
        catalog.load(write(tmp_path, dump(catalog_data(program_data("alpha", city=f"C{i}")))))
    assert len(list(cache_dir.glob("catalog-*.marshal"))) == cache.ENTRIES
    assert mine.read_bytes() == b"mine"
    newest = tmp_path / "newest.yaml"
    newest.write_text(dump(catalog_data(program_data("alpha", city="Newest"))), encoding="utf-8")
    catalog.load(newest)
    path = cache_dir / cache.name(catalog._inputs(newest, ())[3])
    assert path.exists()  # the entry just written is never the one pruned


def test_committed_schema_matches_the_models() -> None:
    committed = json.loads((ROOT / "schema" / "programs.schema.json").read_text(encoding="utf-8"))
    assert committed == catalog.schema(), "run: mlchoose schema > schema/programs.schema.json"


def test_builtin_catalog_points_editors_at_the_schema() -> None:
    first = (ROOT / "programs.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/programs.schema.json"


def test_strict_warns_about_stale_entries_and_secondary_sources(tmp_path: Path) -> None:
    old = program_data("alpha", checked="2024-01-01")
    weak = program_data(
        "beta",
        sources={
            "page": {
                "url": "https://blog.example.com/beta",
                "year": "undated",
                "kind": "secondary",
            },
            "prices": {"url": "https://beta.example.edu/tuition", "year": "2025-26"},
        },
    )
    path = write(tmp_path, dump(catalog_data(old, weak)))
    assert catalog.check_file(path) == []
    found = catalog.check_file(path, strict=True, today=dt.date(2026, 11, 26))
    assert all(p.level == "warning" for p in found)
    stale = [p for p in found if "more than 18 months" in p.message]
    assert [p.where for p in stale] == ["program 'alpha' field checked"]
    secondary = {p.where for p in found if "secondary source" in p.message}
    assert (
        "program 'beta' field delivery" in secondary
        and "program 'beta' field topics.0" in secondary
    )
    assert all(p.line is not None for p in found)
    assert catalog.check_file(path, strict=True, today=dt.date(2025, 1, 1)) == [
        p for p in found if p not in stale
    ]


def test_validate_reports_duplicates_beside_schema_errors(tmp_path: Path) -> None:
    bad = program_data("beta", region="mars")
    path = write(tmp_path, dump(catalog_data(program_data("alpha"), bad, program_data("alpha"))))
    messages = [p.message for p in catalog.check_file(path)]
    assert any("region" in p.where for p in catalog.check_file(path))
    assert "'alpha' is already the id or an alias of 'alpha'" in messages


def test_an_unknown_field_suggests_the_known_one(tmp_path: Path) -> None:
    """Pydantic says 'Extra inputs are not permitted'; a catalog author needs the field name."""
    data = program_data("alpha")
    data["regoin"] = data.pop("region")
    data["tuition"] = {**data["tuition"], "amout_usd": data["tuition"].pop("amount_usd")}
    path = tmp_path / "typo.yaml"
    path.write_text(dump(catalog_data(data)), encoding="utf-8")
    said = [str(p) for p in catalog.check_file(path)]
    assert any("unknown field 'regoin'; did you mean 'region'?" in s for s in said), said
    assert any("unknown field 'amout_usd'; did you mean 'amount_usd'?" in s for s in said), said
    assert not any("Extra inputs" in s for s in said)


def test_a_missing_overlay_is_called_an_overlay(tmp_path: Path) -> None:
    with pytest.raises(MlchooseError, match=r"overlay '.*nothere\.yaml' does not exist"):
        catalog.load(None, [tmp_path / "nothere.yaml"])


def test_a_misplaced_field_is_named_and_config_keys_are_never_suggested(tmp_path: Path) -> None:
    data = program_data("alpha")
    data["tuition"] = {**data["tuition"], "region": "west"}
    data["stricct"] = True
    path = tmp_path / "odd.yaml"
    path.write_text(dump(catalog_data(data)), encoding="utf-8")
    said = " | ".join(str(p) for p in catalog.check_file(path))
    assert "field 'region' does not belong here" in said
    assert "unknown field 'stricct'" in said and "'strict'" not in said
