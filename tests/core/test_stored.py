"""show's scores kept in the user cache (core.stored): the same totals, ranks and output as
scoring the catalog again, and an entry never read for another catalog, rules or preferences."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.core import ranking, stored
from mlchoose.core.criteria import catalog_wide
from mlchoose.core.query import Query
from mlchoose.core.standing import explain
from mlchoose.data import cache, catalog
from mlchoose.data.models import Catalog
from mlchoose.user.preferences import Preferences, Weights
from mlchoose.vocab import Criterion, criteria_of
from tests.factories import catalog_data, dump, make_catalog, program_data

QUERIES = [
    Query(Weights(), Preferences()),
    Query(Weights.of({"faculty": 3.0, "industry": 0.0}), Preferences()),
    Query(Weights.of({"outcomes": 2.0}), Preferences(regions=frozenset({"west"}))),
    Query(
        Weights.of({"region": 2.0}),
        Preferences(regions=frozenset({"west", "northeast"}), interests=frozenset({"nlp"})),
    ),
]


def _small() -> Catalog:
    return make_catalog(
        program_data("alpha", specializations={"tracks": ["a", "b"], "source": "page"}),
        program_data("beta", course_list="partial", industry=[]),
        program_data("gamma", region="west", faculty="unknown"),
        program_data("delta", thesis="unknown", region="northeast"),
    )


def _columns_of(found: Catalog, query: Query) -> ranking.Columns:
    return ranking.columns(found, query.prefs, criteria_of(query.weights.raw))


@pytest.mark.parametrize("query", QUERIES)
def test_totals_from_the_columns_are_combines_floats(query: Query) -> None:
    whole = catalog.load()
    quick = query._replace(explain=False)
    everything = ranking.rank(whole, quick).everything
    totals = ranking.standings(whole, quick).totals
    assert totals == {r.program["id"]: r.total for r in everything}  # exact, not approximate
    assert ranking.order(totals) == [r.program["id"] for r in everything]


@pytest.mark.parametrize("query", QUERIES)
def test_explain_with_the_cache_equals_explain_without(query: Query, cache_dir: Path) -> None:
    whole, key = catalog.loaded()
    for program in whole["programs"][::7]:
        plain = explain(whole, program, query)
        first = explain(whole, program, query, key)  # computes and writes (or reads) the entry
        again = explain(whole, program, query, key)  # reads it
        assert first == plain and again == plain
    assert list(cache_dir.glob(f"{stored.PREFIX}*"))


@pytest.mark.parametrize("query", [*QUERIES, Query(Weights(), Preferences(international=True))])
def test_compare_with_the_kept_scores_equals_compare_without(query: Query, cache_dir: Path) -> None:
    """compare and why score only the programs they name when the catalog's stand-ins, scale
    and base rates are kept: the comparison is the same, first run and later."""
    whole, key = catalog.loaded()
    programs = whole["programs"]
    for named in (programs[:2], programs[5:9], programs[-2:]):
        plain = ranking.compare(whole, named, query)
        first = ranking.compare(whole, named, query, stored.known(whole, query, key))
        again = ranking.compare(whole, named, query, stored.known(whole, query, key))
        assert first == plain and again == plain


def test_a_kept_entry_is_read_not_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    whole, key = catalog.loaded()
    query = QUERIES[0]
    before = explain(whole, whole["programs"][3], query, key)

    def fail(*args: Any) -> Any:
        raise AssertionError("the catalog was scored although its scores are kept")

    monkeypatch.setattr(stored, "columns", fail)
    monkeypatch.setattr(stored, "catalog_wide", fail)
    assert explain(whole, whole["programs"][3], query, key) == before


def test_the_kept_rates_and_scale_are_the_catalogs() -> None:
    found = _small()
    criteria = criteria_of(Weights().raw)
    stored.scored(found, Preferences(), criteria, "k")
    kept = stored.scored(found, Preferences(), criteria, "k")
    assert kept.wide == catalog_wide(found["programs"])
    assert kept.columns == _columns_of(found, QUERIES[0])


def test_the_key_changes_with_everything_that_changes_a_score() -> None:
    prefs = Preferences()
    five = criteria_of(Weights().raw)
    keys = {
        stored.key("catalog", prefs, five),
        stored.key("other catalog", prefs, five),
        stored.key("catalog", prefs, criteria_of(Weights.of({"outcomes": 1.0}).raw)),
        stored.key("catalog", Preferences(regions=frozenset({"west"})), five),
        stored.key("catalog", Preferences(interests=frozenset({"nlp"})), five),
        stored.key("catalog", Preferences(international=True), five),
    }
    assert len(keys) == 6
    # Weights alone change no score: the same entry serves every weighting of the criteria.
    assert stored.key("catalog", prefs, criteria_of(Weights.of({"faculty": 5.0}).raw)) in keys


def test_the_key_follows_the_rules_source(monkeypatch: pytest.MonkeyPatch) -> None:
    before = stored.key("catalog", Preferences(), ("curriculum",))
    monkeypatch.setattr(stored, "_rules_stamp", lambda: "edited rules")
    assert stored.key("catalog", Preferences(), ("curriculum",)) != before


def _write(tmp_path: Path, *programs: dict[str, Any]) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(dump(catalog_data(*programs)), encoding="utf-8")
    return path


def _with_pubs(ident: str, pubs: float) -> dict[str, Any]:
    data = program_data(ident)
    data["faculty"] = {**data["faculty"], "ai_adjusted_pubs": pubs}
    return data


def test_an_edited_catalog_is_scored_again(tmp_path: Path, cache_dir: Path) -> None:
    query = QUERIES[0]
    first, key = catalog.loaded(_write(tmp_path, _with_pubs("alpha", 50.0), _with_pubs("beta", 5)))
    before = explain(first, first["programs"][1], query, key)
    assert before.result.rank == 2
    # beta's faculty publish more than alpha's: a new catalog key, so the kept scores are not
    # read, and beta ranks first.
    edited, new_key = catalog.loaded(
        _write(tmp_path, _with_pubs("alpha", 50.0), _with_pubs("beta", 500.0))
    )
    assert new_key != key
    after = explain(edited, edited["programs"][1], query, new_key)
    assert after == explain(edited, edited["programs"][1], query)
    assert after.result.rank == 1
    assert len(list(cache_dir.glob(f"{stored.PREFIX}*"))) == 2


def test_an_entry_for_other_programs_is_not_used() -> None:
    found, query = _small(), QUERIES[0]
    criteria = criteria_of(query.weights.raw)
    other = make_catalog(program_data("alpha"), program_data("omega"))
    stored.scored(other, Preferences(), criteria, "same key")  # e.g. a hand-copied entry
    assert stored.scored(found, Preferences(), criteria, "same key").columns == _columns_of(
        found, query
    )


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [1, 2],
        {"ids": ["alpha"]},
        {"ids": [], "scores": {}, "stand_ins": {}, "scale": None, "rates": {}},
    ],
)
def test_an_entry_of_another_shape_is_a_miss(payload: Any) -> None:
    found, query = _small(), QUERIES[0]
    criteria: tuple[Criterion, ...] = criteria_of(query.weights.raw)
    cache.write(stored.key("k", Preferences(), criteria), payload, stored.PREFIX)
    assert stored.scored(found, Preferences(), criteria, "k").columns == _columns_of(found, query)


@pytest.mark.parametrize(
    ("part", "value"),
    [("score", "0.5"), ("score", float("nan")), ("stand_in", [1]), ("scale", float("inf"))],
)
def test_an_entry_with_values_of_another_type_is_a_miss(part: str, value: Any) -> None:
    """An entry of the right shape whose values are not finite numbers (forged, or written by
    a bug) is recomputed: it would otherwise crash show or move a total."""
    found, query = _small(), QUERIES[0]
    criteria: tuple[Criterion, ...] = criteria_of(query.weights.raw)
    payload = stored._packed(stored.scored(found, Preferences(), criteria, "k"))
    if part == "score":
        payload["scores"]["curriculum"][0] = value
    elif part == "stand_in":
        payload["stand_ins"]["curriculum"] = value
    else:
        payload["scale"] = value
    cache.write(stored.key("k", Preferences(), criteria), payload, stored.PREFIX)
    assert stored.scored(found, Preferences(), criteria, "k").columns == _columns_of(found, query)


def test_every_scoring_module_feeds_the_rules_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing any module that decides a score or a stand-in makes a new key."""
    from pathlib import Path as RealPath

    import mlchoose.core.criteria
    import mlchoose.core.rates
    import mlchoose.vocab

    modules = [mlchoose.core.criteria, mlchoose.core.rates, ranking, stored, mlchoose.vocab]
    stored._rules_stamp.cache_clear()
    before = stored._rules_stamp()
    for module in modules:
        edited = RealPath(str(module.__file__)).resolve()
        real = RealPath.read_bytes

        def read(path: RealPath, edited: RealPath = edited, real: Any = real) -> bytes:
            data: bytes = real(path)
            return data + b"# edited" if path.resolve() == edited else data

        with monkeypatch.context() as patch:
            patch.setattr(RealPath, "read_bytes", read)
            stored._rules_stamp.cache_clear()
            assert stored._rules_stamp() != before, module.__name__
    stored._rules_stamp.cache_clear()


def test_a_damaged_entry_is_rebuilt(cache_dir: Path) -> None:
    found, query = _small(), QUERIES[0]
    criteria = criteria_of(query.weights.raw)
    expected = stored.scored(found, Preferences(), criteria, "k")
    [entry] = cache_dir.glob(f"{stored.PREFIX}*")
    data = bytearray(entry.read_bytes())
    data[-3] ^= 0xFF
    entry.write_bytes(bytes(data))
    assert stored.scored(found, Preferences(), criteria, "k") == expected
    assert entry.read_bytes() != bytes(data)  # written again


def test_score_entries_are_pruned_apart_from_catalogs(cache_dir: Path) -> None:
    found = _small()
    catalogs = sorted(cache_dir.glob(f"{cache.PREFIX}*"))
    for i in range(cache.ENTRIES + 2):
        stored.scored(found, Preferences(), ("curriculum",), f"catalog {i}")
    assert len(list(cache_dir.glob(f"{stored.PREFIX}*"))) == cache.ENTRIES
    assert sorted(cache_dir.glob(f"{cache.PREFIX}*")) == catalogs


runner = CliRunner()


def _show(*args: str) -> str:
    result = runner.invoke(app, ["show", *args], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


@pytest.mark.parametrize(
    "options",
    [[], ["-f", "json"], ["-w", "faculty=4,outcomes=1"], ["-p", "west", "-i", "nlp,robotics"]],
)
def test_show_prints_the_same_with_kept_scores(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    path = _write(
        tmp_path,
        *(program_data(f"p{i}", region=("west", "southeast")[i % 2]) for i in range(3)),
        program_data("thin", course_list="partial", industry=[], faculty="unknown"),
    )
    args = ["thin", "--catalog", str(path), *options]
    first = _show(*args)  # scores the catalog and keeps the scores
    assert list(cache_dir.glob(f"{stored.PREFIX}*"))
    kept = _show(*args)  # reads them
    monkeypatch.setattr(stored, "scored", lambda *a: pytest.fail("the shortcut was taken"))
    monkeypatch.setattr(catalog, "loaded", _without_key(catalog.loaded))
    plain = _show(*args)  # no key: scored in full, as before the cache
    assert first == kept == plain
    if options[:2] == ["-f", "json"]:
        assert json.loads(plain)["rank"] >= 1


def _without_key(loaded: Any) -> Any:
    """``catalog.loaded`` without the catalog's key: ``show`` then scores the catalog itself."""

    def patched(*args: Any, **kwargs: Any) -> Any:
        return loaded(*args, **kwargs)._replace(key=None)

    return patched
