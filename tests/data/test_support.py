"""Whether a quote holds its fact's number (issue 28, point 2), and the shipped catalog."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from mlchoose.data.support import derived, printed, problems, unsupported

ROOT = Path(__file__).parent.parent.parent


def test_numbers_compare_as_numbers() -> None:
    assert Decimal(30200) in printed("Tuition is $30,200 per term")
    assert Decimal(30200) in printed("Tuition is $30200.00 per term")
    assert Decimal("907.75") in printed("Fees: $907.75.")
    assert Decimal(9) in printed("nine courses")
    assert Decimal(16) in printed("a sixteen-month program")
    assert Decimal(24) not in printed("2 years")
    assert {Decimal(12), Decimal(24)} <= printed("in 1 to 2 years", years=True)
    assert Decimal(30) in printed("With a co-op, it can take 2.5 years.", years=True)
    assert Decimal(24) in printed("a two-year program", years=True)
    assert Decimal(3) not in printed("$30,200")  # no number inside another


@pytest.mark.parametrize(
    ("field", "fact", "said"),
    [
        ("tuition", {"amount_usd": 30200, "quote": "Tuition is $30,200 per term"}, ""),
        (
            "tuition",
            {"amount_usd": 1000, "quote": "Tuition is $30,200 per term"},
            "quote does not support the value: 1,000 is not in it",
        ),
        ("fees", {"amount_usd": 907.75, "quote": "$907.75 a term"}, ""),
        ("credits", {"amount": 30, "quote": "30 credits"}, ""),
        (
            "credits",
            {"amount": 36, "quote": "30 credits"},
            "quote does not support the value: 36 is not in it",
        ),
        ("duration", {"months_min": 12, "months_max": 24, "quote": "one to two years"}, ""),
        (
            "duration",
            {"months_min": 16, "months_max": 24, "quote": "three semesters"},
            "quote does not support the value: 16 and 24 are not in it",
        ),
        ("tuition", {"amount_usd": 1000}, ""),  # no quote: checked by its value
        ("thesis", {"option": "none", "quote": "no thesis"}, ""),  # no number to hold
        (
            "fees",
            {"amount_usd": 503, "quote": "standard fees", "note": "Derived. $122 + $141 + $240."},
            "",
        ),
    ],
)
def test_unsupported(field: str, fact: dict[str, object], said: str) -> None:
    assert unsupported(field, fact) == said


def test_a_derived_note_is_its_first_word() -> None:
    assert derived({"note": "Derived. A sum."}) and derived({"note": "  derived, a sum"})
    assert not derived({"note": "Not derived."}) and not derived({"note": "Derivedness"})
    assert not derived({}) and not derived({"note": 5})


def test_the_shipped_catalog_has_no_unrecorded_unsupported_fact() -> None:
    """Every fact whose quote does not print its number says how it was derived."""
    catalog = yaml.safe_load((ROOT / "programs.yaml").read_text(encoding="utf-8"))
    found = [(p["id"], field, why) for p in catalog["programs"] for field, why in problems(p)]
    assert found == []
    recorded = [
        (p["id"], name)
        for p in catalog["programs"]
        for name in ("tuition", "fees", "credits", "duration", "outcomes")
        if isinstance(p.get(name), dict) and derived(p[name])
    ]
    assert len(recorded) == 19  # each one read and recorded for issue 28
