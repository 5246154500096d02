"""STEM OPT status from a recorded CIP code and the shipped DHS list, else the school's word."""

from __future__ import annotations

from mlchoose.core.stem import status
from mlchoose.data.dhs import SOURCE_KEY, stem_codes
from mlchoose.views import facts
from tests.factories import make_program


def test_the_shipped_list_has_the_codes_of_ml_degrees() -> None:
    codes = stem_codes()
    assert len(codes) == 540
    for code in ("11.0102", "11.0701", "30.7001", "27.0501", "14.0901"):
        assert code in codes
    assert "52.0201" not in codes  # Business Administration: not STEM


def test_a_series_listed_whole_counts_codes_the_table_does_not_name() -> None:
    from mlchoose.data.dhs import is_stem

    assert is_stem("14.9999") and is_stem("27.0599")  # engineering, statistics: whole series
    assert not is_stem("52.9999") and is_stem("11.0701")


def test_a_cip_code_decides_and_show_prints_it() -> None:
    coded = make_program(cip={"code": "30.7001", "source": "page"}, stem="unknown")
    found = status(coded)
    assert found is not None and found.stem and found.cip == "30.7001"
    assert found.sources == ("page", SOURCE_KEY)
    assert facts.stem(coded) == "yes (CIP 30.7001, on the DHS STEM list)"
    business = make_program(cip={"code": "52.0201", "source": "page"})
    assert status(business) == (False, "52.0201", ("page", SOURCE_KEY))


def test_without_a_code_the_schools_statement_counts_and_unknown_stays_unknown() -> None:
    said = make_program(stem={"stem": True, "source": "page"})
    assert status(said) == (True, None, ("page",))
    assert status(make_program(stem="unknown")) is None
