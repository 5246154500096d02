from __future__ import annotations

import pytest

from mlchoose.data.catalog import names, problems, sources_of
from tests.factories import make_catalog, make_program, problems_of, program_data

_errors = problems_of


def test_a_complete_program_validates() -> None:
    program = make_program("alpha")
    assert program["tuition"] is not None and program["tuition"]["amount_usd"] == 50000
    assert names(program) == ("alpha", "alpha-x")


def test_left_out_facts_are_filled_in_as_unknown() -> None:
    data = program_data("alpha")
    for fact in (
        "delivery",
        "duration",
        "tuition",
        "specializations",
        "faculty",
        "topics",
        "industry",
    ):
        del data[fact]
    del data["course_list"], data["aliases"]
    program = make_catalog(data)["programs"][0]
    assert program["tuition"] is None and program["industry"] == [] and program["aliases"] == []
    assert program["course_list"] == "unknown" and program["article"] is None


def test_unknown_keys_are_errors() -> None:
    assert "unknown field 'ranking'" in _errors(program_data(ranking=3))


def test_wrong_types_are_errors_even_when_coercible() -> None:
    bad = program_data(duration={"months_min": "12", "months_max": 16, "source": "page"})
    assert "months_min" in _errors(bad)


@pytest.mark.parametrize("fact", ["delivery", "duration", "tuition", "specializations", "faculty"])
def test_unknown_is_a_value_not_zero(fact: str) -> None:
    program = make_program("alpha", **{fact: "unknown"})
    assert program[fact] is None  # type: ignore[literal-required]


def test_duplicate_ids_and_aliases_are_errors() -> None:
    text = _errors(program_data("alpha"), program_data("alpha"))
    assert "the id 'alpha' is used twice" in text
    text = _errors(program_data("alpha"), program_data("beta", aliases=["alpha-x"]))
    assert "'alpha-x' is already the id or an alias of 'alpha'" in text


def test_a_fact_must_cite_a_known_source() -> None:
    bad = program_data(delivery={"modes": ["online"], "source": "nowhere"})
    assert "program 'alpha' field delivery: cites unknown source 'nowhere'" in _errors(bad)


def test_a_price_needs_a_dated_source() -> None:
    bad = program_data(tuition={"amount_usd": 100, "per": "credit", "source": "page"})
    assert "program 'alpha' field tuition: cites an undated source" in _errors(bad)


@pytest.mark.parametrize("url", ["ftp://x.org/a", "www.example.org", "https://", "https://a b.org"])
def test_source_urls_must_be_http(url: str) -> None:
    bad = program_data(
        sources={
            "page": {"url": url, "year": 2025},
            "prices": {"url": "https://a.org", "year": 2025},
        }
    )
    assert "not an http(s) URL" in _errors(bad)


@pytest.mark.parametrize("year", ["2025", 2025, "2024-25", "2024-2025", "undated"])
def test_years_accept_years_and_academic_years(year: object) -> None:
    program = make_program(
        sources={
            "page": {"url": "https://a.org", "year": year},
            "prices": {"url": "https://a.org/p", "year": 2025},
        }
    )
    assert program["sources"]["page"]["year"] == str(year)


@pytest.mark.parametrize("year", ["25", "last year", "2025/26"])
def test_years_reject_other_text(year: str) -> None:
    assert "year" in _errors(
        program_data(
            sources={
                "page": {"url": "https://a.org", "year": year},
                "prices": {"url": "https://a.org/p", "year": 2025},
            }
        )
    )


def test_duration_range_must_be_ordered() -> None:
    bad = program_data(duration={"months_min": 20, "months_max": 12, "source": "page"})
    assert "months_min is larger" in _errors(bad)


def test_catalog_sources_resolve_for_every_program() -> None:
    catalog = make_catalog(program_data("alpha"))
    program = catalog["programs"][0]
    known = sources_of(catalog, program)
    assert known["table"]["url"] == "https://example.org/faculty"
    assert set(known) == {"table", "page", "prices"}


def test_cross_program_problems_name_their_place() -> None:
    catalog = make_catalog(program_data("alpha"))
    catalog["programs"].append({**catalog["programs"][0], "id": "beta", "aliases": ["alpha"]})
    assert problems(catalog) == [
        (1, "aliases.0", "'alpha' is already the id or an alias of 'alpha'")
    ]
