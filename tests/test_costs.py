from __future__ import annotations

from typing import Any

import pytest

from mlchoose.core.costs import FEE_BOUND, total_cost
from mlchoose.data.catalog import sources_of
from tests.factories import make_catalog, make_program, program_data

DATED = {
    "page": {"url": "https://a.example.edu/ms", "year": "undated"},
    "prices": {"url": "https://a.example.edu/tuition", "year": "2025-26"},
}


def program(**facts: Any) -> Any:
    base: dict[str, Any] = {
        "tuition": "unknown",
        "fees": "unknown",
        "credits": "unknown",
        "terms": "unknown",
    }
    return make_program("alpha", sources=DATED, **{**base, **facts})


def price(amount: float, per: str) -> dict[str, Any]:
    return {"amount_usd": amount, "per": per, "source": "prices"}


def test_per_credit_times_credits_plus_fees_per_term() -> None:
    cost = total_cost(
        program(
            tuition=price(2850, "credit"),
            credits={"amount": 27, "unit": "semester-credits", "source": "page"},
            fees=price(907.75, "term"),
            terms={"min": 3, "max": 5, "source": "page"},
        )
    )
    assert cost.low == pytest.approx(2850 * 27 + 907.75 * 3)
    assert cost.high == pytest.approx(2850 * 27 + 907.75 * 5)
    assert cost.fees_included and cost.missing == ()
    assert cost.inputs == ("tuition", "credits", "fees", "terms")
    assert (
        cost.formula
        == "$2,850 per credit x 27 semester-credits + fees $907.75 per term x 3-5 semesters"
    )


def test_per_term_gives_a_range_over_the_terms() -> None:
    cost = total_cost(
        program(tuition=price(20000, "term"), terms={"min": 3, "max": 4, "source": "page"})
    )
    assert (cost.low, cost.tuition_high) == (60000, 80000)
    assert not cost.fees_included and cost.missing == ("fees",)
    # Unknown fees: the range runs from tuition alone to tuition plus the fee bound.
    assert cost.high == pytest.approx(80000 * (1 + FEE_BOUND))


def test_per_year_counts_academic_years_of_quarters() -> None:
    quarters = {"min": 3, "max": 6, "kind": "quarter", "source": "page"}
    cost = total_cost(program(tuition=price(65082, "year"), terms=quarters))
    assert (cost.low, cost.tuition_high) == pytest.approx((65082, 130164))
    semesters = {"min": 3, "max": 3, "source": "page"}
    assert total_cost(program(tuition=price(50000, "year"), terms=semesters)).low == pytest.approx(
        75000
    )


def test_flat_price_needs_nothing_else() -> None:
    cost = total_cost(program(tuition=price(81620, "program"), fees=price(500, "program")))
    assert (cost.low, cost.high) == (82120, 82120)


def test_quarter_units_price() -> None:
    cost = total_cost(
        program(
            tuition=price(1139, "credit"),
            credits={"amount": 45, "unit": "quarter-units", "source": "page"},
        )
    )
    assert cost.low == pytest.approx(1139 * 45)


@pytest.mark.parametrize(
    ("facts", "missing"),
    [
        ({}, ("tuition",)),
        ({"tuition": price(1000, "credit")}, ("credits",)),
        ({"tuition": price(1000, "term")}, ("terms",)),
        ({"tuition": price(1000, "year")}, ("terms",)),
    ],
)
def test_unknown_inputs_make_the_total_unknown(
    facts: dict[str, Any], missing: tuple[str, ...]
) -> None:
    cost = total_cost(program(**facts))
    assert cost.low is None and cost.high is None and not cost.known
    assert cost.missing == missing


def test_fees_whose_quantity_is_unknown_are_left_out_and_said() -> None:
    cost = total_cost(program(tuition=price(9000, "program"), fees=price(300, "credit")))
    assert cost.low == 9000 and cost.missing == ("credits",) and not cost.fees_included


def test_the_years_of_the_prices_used_are_named() -> None:
    sources = {**DATED, "fees-page": {"url": "https://a.example.edu/fees", "year": "2024-25"}}
    fees = {"amount_usd": 100, "per": "program", "source": "fees-page"}
    catalog = make_catalog(
        program_data("alpha", sources=sources, tuition=price(20000, "program"), fees=fees)
    )
    program = catalog["programs"][0]
    assert total_cost(program, sources_of(catalog, program)).years == ("2024-25", "2025-26")
    assert total_cost(program).years == ()  # without the sources no year is claimed
