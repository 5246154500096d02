"""STEM OPT status from a recorded CIP code and the shipped DHS list, else the school's word."""

from __future__ import annotations

from pathlib import Path

from mlchoose.data import catalog, registry
from mlchoose.data.dhs import is_stem, stem_codes
from tests.factories import catalog_data, dump, program_data


def test_the_shipped_list_has_the_codes_of_ml_degrees() -> None:
    codes = stem_codes()
    assert len(codes) == 540
    for code in ("11.0102", "11.0701", "30.7001", "27.0501", "14.0901"):
        assert code in codes
    assert "52.0201" not in codes  # Business Administration: not STEM


def test_a_series_listed_whole_counts_codes_the_table_does_not_name() -> None:
    assert is_stem("14.9999") and is_stem("27.0599")  # engineering, statistics: whole series
    assert not is_stem("52.9999") and is_stem("11.0701")


def test_a_cip_code_decides_when_the_catalog_is_loaded_and_show_prints_it(tmp_path: Path) -> None:
    coded = program_data("alpha", cip={"code": "30.7001", "source": "page"}, stem="unknown")
    business = program_data(
        "beta", cip={"code": "52.0201", "source": "page"}, stem={"stem": True, "source": "page"}
    )
    said = program_data("gamma", stem={"stem": True, "source": "page"})
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(coded, business, said)), encoding="utf-8")
    alpha, beta, gamma = catalog.load(path)["programs"]
    assert alpha["stem"] is not None and alpha["stem"]["stem"] and alpha["stem"]["cip"] == "30.7001"
    assert registry.stem(alpha) == "yes (CIP 30.7001, on the DHS STEM list)"
    assert beta["stem"] is not None and not beta["stem"]["stem"]  # the code decides
    assert gamma["stem"] == {"stem": True, "source": "page"}  # no code: the school's word


def test_your_overlay_s_stem_statement_wins_over_the_code(tmp_path: Path) -> None:
    coded = program_data("alpha", cip={"code": "52.0201", "source": "page"})
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(coded)), encoding="utf-8")
    overlay = tmp_path / "mine.yaml"
    overlay.write_text(
        "programs:\n- id: alpha\n  stem: {stem: true, source: page}\n", encoding="utf-8"
    )
    [alpha] = catalog.load(path, [overlay])["programs"]
    assert alpha["stem"] == {"stem": True, "source": "page"}
    [plain] = catalog.load(path)["programs"]
    assert plain["stem"] is not None and plain["stem"]["stem"] is False
