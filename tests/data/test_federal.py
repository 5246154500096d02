"""Federal facts (issue 26): field of study, STEM status with its basis, Scorecard outcomes."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.data import catalog, federal, registry
from tests.factories import catalog_data, dump, program_data

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "federal" / "scorecard_rows.csv"


def _whole(cell: str) -> int | None:
    """The source's float text ('138781.0') as the whole dollars mlchoose ships; '' = null."""
    return None if cell.strip() == "" else round(float(cell))


def source_rows() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", source_rows(), ids=lambda r: f"{r['unitid']}-{r['cip_code']}")
def test_shipped_figures_equal_the_source_rows_they_came_from(row: dict[str, str]) -> None:
    """Each verbatim Scorecard row (kept as a fixture) against the shipped subset."""
    field = f"{row['cip_code'][:2]}.{row['cip_code'][2:]}"
    assert row["credential_level"] == "5"  # master's
    shipped = federal.outcomes()[(int(row["unitid"]), field)]
    assert shipped.completers == _whole(row["completers_count"])
    assert shipped.earnings_1yr == _whole(row["earnings_median_1yr"])
    assert shipped.earnings_4yr == _whole(row["earnings_median_4yr"])
    assert shipped.debt_median == _whole(row["debt_median"])


def test_the_fixture_holds_a_suppressed_cell_and_the_examples_of_the_research_notes() -> None:
    rows = {(r["unitid"], r["cip_code"]): r for r in source_rows()}
    assert any(r["earnings_median_1yr"] == "" for r in rows.values())
    cmu = rows[("211440", "1101")]
    assert (_whole(cmu["earnings_median_1yr"]), _whole(cmu["debt_median"])) == (138781, 61305)
    assert _whole(rows[("145637", "1107")]["earnings_median_4yr"]) == 179395
    assert _whole(rows[("139755", "1101")]["completers_count"]) == 2416


def test_every_builtin_program_has_a_field_of_study_with_its_basis_and_unitid() -> None:
    programs = catalog.load()["programs"]
    for program in programs:
        cip = program["cip"]
        assert cip is not None, program["id"]
        assert cip.get("basis") in ("stated", "reported", "inferred"), program["id"]
        assert "unitid" in cip and "title" in cip, program["id"]
        assert cip.get("note"), f"{program['id']}: a field needs its reasoning"


def test_outcomes_cover_every_program_whose_institution_scorecard_lists() -> None:
    listed = federal.listed_institutions()
    for program in catalog.load()["programs"]:
        cip = program["cip"]
        assert cip is not None
        has_row = (cip["unitid"], cip["code"][:5]) in federal.outcomes()
        assert (program["earnings"] is not None) == has_row, program["id"]
        if cip["unitid"] in listed and not has_row:
            # listed, but not in this field: said as unknown, never as "not published"
            assert program["earnings"] is None


def prog(ident: str, cip: dict[str, Any] | None = None, **more: Any) -> dict[str, Any]:
    extra = {"cip": cip} if cip is not None else {}
    return program_data(ident, **extra, **more)


def load(tmp_path: Path, *programs: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "c.yaml"
    data = catalog_data(*programs)
    data["sources"]["dhs-stem-2024"] = {"url": "https://www.ice.gov/x.pdf", "year": 2024}
    path.write_text(dump(data), encoding="utf-8")
    return {p["id"]: p for p in catalog.load(path)["programs"]}


def test_stem_status_follows_the_field_and_its_basis(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        prog("a", {"code": "11.07", "basis": "reported", "unitid": 145637, "source": "page"}),
        prog("b", {"code": "30.70", "basis": "inferred", "unitid": 145637, "source": "page"}),
        prog("c", {"code": "30.7001", "basis": "stated", "source": "page"}),
        prog("d", {"code": "52.0201", "basis": "stated", "source": "page"}),
        prog(
            "e",
            {"code": "11.01", "basis": "inferred", "unitid": 211440, "source": "page"},
            stem={"stem": False, "source": "page"},
        ),
    )
    assert registry.stem_status(found["a"]) == "likely"  # every 11.07 code is on the list
    assert found["b"]["stem"] is None  # 30.7099 is not on the list: the field does not settle it
    assert registry.stem_status(found["c"]) == "yes"  # a stated code on the list
    assert registry.stem_status(found["d"]) == "no"  # a stated code off the list
    assert registry.stem_status(found["e"]) == "no"  # the school's word beats an inference


def test_an_inference_is_never_shown_as_a_bare_yes(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        prog("a", {"code": "11.07", "basis": "reported", "unitid": 145637, "source": "page"}),
    )["a"]
    for fact in [registry.BY_NAME["stem"]]:
        assert fact.phrase(found, {}).startswith("likely")
        assert fact.brief is not None and fact.brief(found).startswith("likely")
        assert all(c.cell(found) == "likely" for c in fact.columns)
    records = dict(registry.records(found))
    assert records["stem"] is None and records["stem_status"] == "likely"
    assert records["stem_basis"] == "inferred"


def test_earnings_are_derived_with_suppressed_figures_left_out(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        prog("cmu", {"code": "11.01", "basis": "reported", "unitid": 211440, "source": "page"}),
        prog("stan", {"code": "11.0701", "basis": "reported", "unitid": 243744, "source": "page"}),
        prog("nowhere", {"code": "11.07", "basis": "inferred", "unitid": 999999, "source": "page"}),
    )
    cmu = found["cmu"]["earnings"]
    assert cmu is not None and cmu["earnings_1yr"] == 138781 and cmu["completers"] == 667
    stanford = found["stan"]["earnings"]
    assert stanford is not None and "debt_median" not in stanford  # suppressed for privacy
    assert "debt not published (privacy)" in registry.earnings_brief(found["stan"])
    assert found["nowhere"]["earnings"] is None  # no row: unknown, not "not published"
    said = registry.earnings(found["cmu"])
    assert "not this program alone" in said and "2026-06-10" in said


def run_json(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_stem_filter_keeps_likely_apart_and_counts_it_while_stem_stated_drops_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.yaml"
    data = catalog_data(
        prog("a", {"code": "11.07", "basis": "reported", "unitid": 145637, "source": "page"}),
        prog("b", stem={"stem": True, "source": "page"}),
    )
    path.write_text(dump(data), encoding="utf-8")
    result = CliRunner().invoke(app, ["rank", "--stem", "--catalog", str(path), "-f", "json"])
    found = json.loads(result.stdout)
    assert [p["id"] for p in found["programs"]] == ["b"]  # stated: passes
    assert [p["id"] for p in found["could_pass"]] == ["a"]  # likely: kept apart, named
    assert found["could_pass"][0]["in_question"] == ["STEM likely"]
    assert "STEM likely 1" in result.stderr
    stated = run_json("rank", "--stem-stated", "--catalog", str(path))
    assert [p["id"] for p in stated["programs"]] == ["b"]


def test_min_earnings_filters_on_the_first_year_median(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    data = catalog_data(
        prog("cmu", {"code": "11.01", "basis": "reported", "unitid": 211440, "source": "page"}),
        prog("uiuc", {"code": "11.07", "basis": "reported", "unitid": 145637, "source": "page"}),
        prog("none"),
    )
    path.write_text(dump(data), encoding="utf-8")
    found = run_json("rank", "--min-earnings", "140000", "--catalog", str(path))
    assert [p["id"] for p in found["programs"]] == ["uiuc"]  # 146,670 >= 140,000 > 138,781
    kept = run_json("rank", "--min-earnings", "140000", "--keep-unknown", "--catalog", str(path))
    assert {p["id"] for p in kept["programs"]} == {"uiuc", "none"}


def test_rank_facts_earnings_and_debt_columns(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        dump(
            catalog_data(
                prog(
                    "cmu",
                    {"code": "11.01", "basis": "reported", "unitid": 211440, "source": "page"},
                )
            )
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["rank", "--facts", "earnings,debt", "-f", "csv", "--catalog", str(path)]
    )
    row = next(csv.DictReader(result.stdout.splitlines()))
    assert (row["earnings"], row["debt"]) == ("$138,781", "$61,305")


def test_stats_shows_the_federal_coverage_of_the_builtin_catalog() -> None:
    rows = {r["name"]: r["known"] for r in run_json("stats")}
    assert rows["cip"] == 39
    assert rows["stem"] >= 30  # stated, or likely from the field; see the closing note
    assert rows["earnings"] >= 27 and rows["earnings_figure"] >= 15
