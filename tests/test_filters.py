from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mlchoose.core import filters
from tests.factories import make_catalog, program_data


def programs(*entries: dict[str, Any]) -> Any:
    return make_catalog(*entries)["programs"]


def ids(result: filters.Filtered) -> list[str]:
    return [p["id"] for p in result.kept]


@pytest.fixture
def three() -> Any:
    return programs(
        program_data("alpha", delivery={"modes": ["online"], "source": "page"}),
        program_data("beta", delivery={"modes": ["on-campus"], "source": "page"}),
        program_data("gamma", delivery="unknown"),
    )


def test_unknown_facts_are_dropped_and_counted(three: Any) -> None:
    result = filters.apply(three, [filters.delivered("online")], keep_unknown=False)
    assert ids(result) == ["alpha"]
    assert (result.failed, result.dropped_unknown, result.unknown) == (
        1,
        1,
        {"delivery unknown": 1},
    )
    assert [p["id"] for p in result.could] == ["gamma"]  # set apart, not lost
    assert result.doubts == {"gamma": ("delivery unknown",)}
    assert filters.summary(result) == (
        "filters: 1 dropped by the filters; "
        "1 could pass but a deciding fact is in question (delivery unknown 1; a range that "
        "spans the limit counts as unknown; listed apart, {keep_unknown} ranks them with the "
        "others)"
    )


def test_keep_unknown_keeps_them_and_says_so(three: Any) -> None:
    result = filters.apply(three, [filters.delivered("online")], keep_unknown=True)
    assert ids(result) == ["alpha", "gamma"]
    assert "kept although a deciding fact is in question (delivery unknown 1)" in (
        filters.summary(result) or ""
    )
    assert result.could == [] and result.doubts == {"gamma": ("delivery unknown",)}


def test_no_filters_keep_everything(three: Any) -> None:
    result = filters.apply(three, [], keep_unknown=False)
    assert len(result.kept) == 3 and filters.summary(result) is None


def test_a_failed_filter_wins_over_an_unknown_one() -> None:
    entries = programs(
        program_data("alpha", delivery={"modes": ["on-campus"], "source": "page"}, stem="unknown")
    )
    result = filters.apply(
        entries, [filters.delivered("online"), filters.stem()], keep_unknown=False
    )
    assert (result.failed, result.dropped_unknown) == (1, 0)


@pytest.mark.parametrize(
    ("low", "high", "limit", "answer"),
    [(12, 12, 12, True), (12, 16, 12, None), (13, 16, 12, False), (10, 11, 12, True)],
)
def test_ranges_pass_only_as_a_whole(low: int, high: int, limit: int, answer: bool | None) -> None:
    [entry] = programs(
        program_data("alpha", duration={"months_min": low, "months_max": high, "source": "page"})
    )
    assert filters.max_months(limit).test(entry) is answer


def test_cost_filter_uses_the_total_cost() -> None:
    cheap = program_data(
        "alpha",
        tuition={"amount_usd": 1000, "per": "credit", "source": "prices"},
        fees={"amount_usd": 500, "per": "program", "source": "prices"},
        credits={"amount": 30, "unit": "semester-credits", "source": "page"},
    )
    dear = program_data("beta", tuition={"amount_usd": 90000, "per": "program", "source": "prices"})
    unknown = program_data("gamma", tuition="unknown")
    no_fees = program_data(
        "delta", tuition={"amount_usd": 9000, "per": "program", "source": "prices"}
    )
    chosen = programs(cheap, dear, unknown, no_fees)
    result = filters.apply(chosen, [filters.max_cost(40000)], keep_unknown=False)
    # delta: fees unknown, but tuition plus the largest fees seen is still within the limit.
    assert ids(result) == ["alpha", "delta"]
    assert result.failed == 1  # beta: its tuition alone is over the limit, fees or not
    assert result.unknown == {"cost unknown": 1}  # gamma: no price
    tight = filters.apply(chosen, [filters.max_cost(20000)], keep_unknown=False)
    # delta's range ($9,000 to $25,200 with the fee bound) spans $20,000 only because of fees.
    assert ids(tight) == [] and tight.unknown == {"cost unknown": 1, "fees unknown": 1}
    spans = filters.apply(
        programs(
            program_data("eps", duration={"months_min": 12, "months_max": 24, "source": "page"})
        ),
        [filters.max_months(18)],
        keep_unknown=False,
    )
    assert spans.doubts == {"eps": ("duration spans the limit",)}


@pytest.mark.parametrize(
    ("make", "fact", "value", "answer"),
    [
        (filters.stem, "stem", {"stem": True, "source": "page"}, True),
        (filters.stem, "stem", {"stem": False, "source": "page"}, False),
        (
            filters.no_gre,
            "gre",
            {"policy": "optional", "cycle": "Fall 2026", "source": "page"},
            True,
        ),
        (
            filters.no_gre,
            "gre",
            {"policy": "not-considered", "cycle": "Fall 2026", "source": "page"},
            True,
        ),
        (
            filters.no_gre,
            "gre",
            {"policy": "required", "cycle": "Fall 2026", "source": "page"},
            False,
        ),
        (filters.part_time, "part_time", {"allowed": True, "source": "page"}, True),
        (filters.stem, "stem", "unknown", None),
    ],
)
def test_yes_no_filters(make: Any, fact: str, value: Any, answer: bool | None) -> None:
    [entry] = programs(program_data("alpha", **{fact: value}))
    assert make().test(entry) is answer


def test_region_filter() -> None:
    entries = programs(program_data("alpha"), program_data("beta", region="west"))
    result = filters.apply(entries, [filters.in_regions(frozenset({"west"}))], keep_unknown=False)
    assert ids(result) == ["beta"]


def test_international_students_get_campus_programs_stem_first_and_no_online_region_fit(
    tmp_path: Path,
) -> None:
    """Issue 27: an F-1 student (--international)."""
    import json

    from typer.testing import CliRunner

    from mlchoose.cli.app import app
    from tests.factories import catalog_data, dump

    online = program_data("online", region="west", delivery={"modes": ["online"], "source": "page"})
    stem = program_data("stem", stem={"stem": True, "source": "page"}, region="northeast")
    plain = program_data("plain", faculty="unknown", region="west")
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(online, stem, plain)), encoding="utf-8")
    runner = CliRunner()
    args = ["rank", "--prefer-region", "west", "-f", "json", "--catalog", str(path)]
    usual = json.loads(runner.invoke(app, args).stdout)
    assert next(p for p in usual["programs"] if p["id"] == "online")["scores"]["region"] == 1.0
    result = runner.invoke(app, [*args, "--international", "--keep-unknown"])
    found = json.loads(result.stdout)
    ids = [p["id"] for p in found["programs"]]
    assert "online" not in ids  # an online-only degree does not support the visa
    assert ids[0] == "stem" and [p["rank"] for p in found["programs"]] == [1, 2]
    assert "international (F-1)" in result.stderr and "OPT" in result.stderr
    table = runner.invoke(app, ["rank", "--international", "--catalog", str(path)]).stdout
    assert "STEM" in table  # shown without asking


def test_online_delivery_earns_no_region_fit_for_an_international_student() -> None:
    from mlchoose.core.criteria import Context, region
    from mlchoose.vocab import Region
    from tests.factories import make_program

    online = make_program(region="west", delivery={"modes": ["online"], "source": "page"})
    elsewhere: frozenset[Region] = frozenset({"northeast"})
    assert region(online, Context(None, elsewhere)).score == 1.0
    assert region(online, Context(None, elsewhere, international=True)).score == 0.0
