"""Quality gates for the built-in catalog itself."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from mlchoose.data import catalog
from mlchoose.data.catalog import dated, sources_of
from mlchoose.data.models import Catalog

ROOT = Path(__file__).resolve().parent.parent
FACULTY_TABLE = ROOT / "data" / "csrankings_ai_faculty_2017.csv"


@pytest.fixture(scope="module")
def builtin() -> Catalog:
    return catalog.load()


def test_the_repository_file_is_the_packaged_one() -> None:
    assert (ROOT / "programs.yaml").read_bytes() == catalog.builtin_bytes()


def test_builtin_catalog_validates_without_problems() -> None:
    assert catalog.check_file(ROOT / "programs.yaml") == []


@pytest.mark.parametrize(
    ("alias", "ident"),
    [
        ("cmu", "cmu-msml"),
        ("mit", "mit-cse-sm"),
        ("stanford", "stanford-mscs-ai"),
        ("mids", "berkeley-mids"),
        ("uiuc", "uiuc-mcs"),
        ("umich", "umich-msds"),
    ],
)
def test_the_seed_articles_six_programs(builtin: Catalog, alias: str, ident: str) -> None:
    program = catalog.find(builtin, alias)
    assert program["id"] == ident
    assert program["article"] is not None and program["article"]["correction"]


def test_every_source_is_an_http_url_with_a_year(builtin: Catalog) -> None:
    for program in builtin["programs"]:
        for key, source in sources_of(builtin, program).items():
            parts = urlsplit(source["url"])
            assert parts.scheme in ("http", "https") and parts.netloc, (program["id"], key)
            assert source["year"], (program["id"], key)


def test_prices_carry_a_year(builtin: Catalog) -> None:
    for program in builtin["programs"]:
        tuition = program["tuition"]
        if tuition is not None:
            assert dated(sources_of(builtin, program)[tuition["source"]]), program["id"]


def test_faculty_figures_match_the_shipped_table(builtin: Catalog) -> None:
    with FACULTY_TABLE.open(encoding="utf-8") as handle:
        rows = {row["csrankings_name_current"]: row for row in csv.DictReader(handle)}
    checked = 0
    for program in builtin["programs"]:
        fact = program["faculty"]
        if fact is None:
            continue
        row = rows[fact["institution"]]
        assert fact["ai_faculty"] == int(row["ai_faculty_2008_2017"]), program["id"]
        assert fact["ai_adjusted_pubs"] == float(row["ai_adjusted_2008_2017"]), program["id"]
        assert fact["robotics_adjusted_pubs"] == float(row["robotics_adjusted_2008_2017"]), program[
            "id"
        ]
        assert fact["ai_rank_us"] == int(row["ai_rank_us_2008_2017"]), program["id"]
        assert fact["source"] == "csrankings-2017"
        checked += 1
    assert checked >= 6


def test_faculty_source_carries_the_attribution(builtin: Catalog) -> None:
    note = builtin.get("sources", {})["csrankings-2017"].get("note", "")
    assert "CC BY-NC-SA 4.0" in note and "Emery D. Berger" in note and "2017" in note


def test_catalog_covers_every_region_and_delivery(builtin: Catalog) -> None:
    assert {p["region"] for p in builtin["programs"]} == {
        "northeast",
        "southeast",
        "midwest",
        "southwest",
        "west",
    }
    modes = {m for p in builtin["programs"] if p["delivery"] for m in p["delivery"]["modes"]}
    assert {"on-campus", "online"} <= modes


#: Words a note uses for a fact -> the fact's field.
NOTE_FACTS = {
    "tuition": "tuition",
    "credits": "credits",
    "gre policy": "gre",
    "deadline": "deadline",
    "stem status": "stem",
    "duration": "duration",
    "delivery": "delivery",
}


def test_no_note_calls_a_known_fact_unknown(builtin: Catalog) -> None:
    """A note written when a fact was missing must not outlive the fact's arrival."""
    stale = [
        (program["id"], field, note["text"][:60])
        for program in builtin["programs"]
        for note in program["notes"]
        for word, field in NOTE_FACTS.items()
        if f"{word} stays unknown" in note["text"].lower() and program.get(field) is not None
    ]
    assert stale == []


def test_the_shipped_catalog_passes_the_strict_check() -> None:
    """No fact rests only on a secondary site, and no entry is stale (validate --strict)."""
    from mlchoose.data.catalog import check_file

    assert check_file(Path(__file__).parent.parent / "programs.yaml", strict=True) == []


def coverage_sentence() -> str:
    """The README's 'What the catalog does not know' figures, as stats computes them."""
    from mlchoose.core.coverage import coverage
    from mlchoose.data.catalog import load

    known = {row.name: row.known for row in coverage(load())}
    return (
        f"evidence for faculty {known['faculty']}, curriculum {known['curriculum']} (a complete "
        f"course list or course-level evidence for 5 of the 7 topics: {known['course_evidence']}), "
        f"industry {known['industry']}, specializations {known['specializations']} (a sourced "
        f"track list: {known['tracks']}); credits {known['credits']}, a dated tuition price "
        f"{known['tuition']}, a computable total cost {known['total_cost']}, STEM status "
        f"{known['stem']} (stated {known['stem_stated']}, the others likely from the field of "
        f"study), a field of study {known['cip']}, graduate earnings {known['earnings_figure']} "
        f"(a Scorecard row for the field {known['earnings']}), GRE policy {known['gre']}, "
        f"deadline {known['deadline']}."
    )


def test_the_readme_coverage_figures_are_the_ones_stats_prints() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert coverage_sentence() in " ".join(readme.split()), coverage_sentence()


SEED = ("cmu-msml", "mit-cse-sm", "stanford-mscs-ai", "berkeley-mids", "uiuc-mcs", "umich-msds")


def test_every_fact_of_the_six_seed_programs_carries_a_quote() -> None:
    """Issue 17: a quote (verbatim, from the cited page) on every sourced fact of the seed
    programs; dataset sources (the faculty table) are not pages and have none."""
    from mlchoose.data.catalog import load
    from mlchoose.data.registry import FACT_NAMES

    catalog = load()
    shared = catalog.get("sources", {})
    missing = []
    for program in catalog["programs"]:
        if program["id"] not in SEED:
            continue
        sources: dict[str, Any] = {**shared, **program["sources"]}
        plain: dict[str, Any] = dict(program)
        facts = [(n, plain.get(n)) for n in FACT_NAMES]
        facts += [
            (f"{n}.{i}", item)
            for n in ("topics", "industry", "notes")
            for i, item in enumerate(plain[n])
        ]
        for name, fact in facts:
            if not isinstance(fact, dict) or "source" not in fact:
                continue
            if sources.get(fact["source"], {}).get("kind") == "dataset":
                continue
            if "quote" not in fact:
                missing.append(f"{program['id']}: {name}")
    assert missing == []
