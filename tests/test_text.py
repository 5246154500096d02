"""Machine formats: the JSON writer behind every ``--format json``."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlchoose.views.text import as_json

SAMPLE: dict[str, Any] = {
    "id": "zürich-ms",
    "total": 61.23,
    "scores": {"faculty": 0.8765, "industry": None},
    "tracks": [],
    "nested": [{"a": 1}, {}],
}


@pytest.mark.parametrize("indent", [True, False])
def test_json_reads_back_as_the_same_data(indent: bool) -> None:
    written = as_json(SAMPLE, indent=indent)
    assert written.endswith("\n")
    assert json.loads(written) == SAMPLE
    assert ("\n  " in written) is indent  # indented for people, one line for pipes
    assert "zürich" in written  # UTF-8 as is, not \\u escapes


@pytest.mark.parametrize("indent", [True, False])
def test_integers_beyond_64_bits_still_become_json_in_the_same_layout(indent: bool) -> None:
    small, big = {"seed": 2**60, "scores": [1, 2]}, {"seed": 2**70, "scores": [1, 2]}
    assert json.loads(as_json(big, indent=indent)) == big
    assert as_json(big, indent=indent) == as_json(small, indent=indent).replace(
        str(2**60), str(2**70)
    )


def test_old_prices_and_past_deadlines_say_so() -> None:
    import datetime as dt

    from mlchoose.data import registry
    from mlchoose.views import facts
    from tests.factories import make_program

    december = dt.date(2026, 12, 4)  # academic year 2026-27; the last one 2025-26
    assert facts.stale_years(["2013-14", "2024-25", "2025-26", "2026-27", "undated"], december) == [
        "2013-14",
        "2024-25",
    ]
    passed = make_program(deadline={"date": "2021-01-15", "cycle": "Fall 2021", "source": "page"})
    assert registry.deadline(passed, today=december) == (
        "2021-01-15 (Fall 2021, past cycle; next expected about 2027-01-15)"
    )
    assert registry.deadline_short(passed, december) == "~2027-01-15 expected"
    coming = make_program(deadline={"date": "2026-12-15", "cycle": "Fall 2027", "source": "page"})
    assert registry.deadline(coming, today=december) == "2026-12-15 (Fall 2027)"


def test_a_past_deadline_shows_the_next_expected_date_labelled_expected() -> None:
    """Issue 27: a deadline from a past cycle gives the next cycle's expected date."""
    import datetime as dt

    from mlchoose.data import registry
    from tests.factories import make_program

    december = dt.date(2026, 12, 4)
    old = make_program(deadline={"date": "2022-01-18", "cycle": "Fall 2022", "source": "page"})
    assert registry.deadline(old, today=december) == (
        "2022-01-18 (Fall 2022, past cycle; next expected about 2027-01-18)"
    )
    assert registry.deadline_short(old, december) == "~2027-01-18 expected"
    assert registry.expected_next("2025-12-10", december) == dt.date(2026, 12, 10)
    assert registry.expected_next("2024-02-29", december) == dt.date(2027, 2, 28)
    assert registry.expected_next("2024-02-29", dt.date(2027, 3, 1)) == dt.date(2028, 2, 29)
