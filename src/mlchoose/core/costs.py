"""Total cost of a degree, computed by one documented formula from sourced facts only.

    total = tuition x (its quantity) + fees x (their quantity)

where the quantity follows what the price is quoted per: ``program`` 1, ``credit`` the credits
required, ``term`` the full-time terms, ``year`` the terms divided by terms per academic year
(2 semesters or 3 quarters). A range of terms gives a range of cost. A needed input that is
unknown makes the total unknown (with the facts it needs); unknown fees leave a tuition-only
total that says so. Nothing is guessed. Prices keep the academic year of their own source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.data.registry import PRICE_NAMES
from mlchoose.vocab import TERMS_PER_YEAR

if TYPE_CHECKING:
    from mlchoose.data.models import Program, Source

CURRENCY = "USD"
#: Mandatory fees a program does not publish are assumed to add at most this share of its
#: tuition: the highest share among the built-in catalog's programs with both known is UMass
#: Amherst's (mandatory fees 179 % of tuition, 2013-14; a test keeps the bound above every
#: program's share). A total with unknown fees is the range from tuition alone to that bound.
FEE_BOUND = 1.8


class Cost(NamedTuple):
    """A total cost (a range when terms are a range), or the facts it is missing."""

    low: float | None
    high: float | None
    #: The formula with its numbers, e.g. "$2,850 per credit x 27 semester-credits".
    formula: str
    #: Fact names the total rests on (for their sources) and those it lacks.
    inputs: tuple[str, ...]
    missing: tuple[str, ...]
    fees_included: bool
    #: Academic years of the prices used (from their sources), e.g. ("2024-25",).
    years: tuple[str, ...] = ()
    #: The tuition-only total's top when fees are unknown (``high`` then includes FEE_BOUND).
    tuition_high: float | None = None

    @property
    def known(self) -> bool:
        return self.low is not None


def _money(amount: float) -> str:
    """Whole dollars where the price is whole, cents where it has them ($729.50)."""
    return f"${amount:,.0f}" if amount == int(amount) else f"${amount:,.2f}"


def _quantity(program: Program, per: str) -> tuple[float, float, str, str | None] | None:
    """(low, high, text, fact used) of what a price is multiplied by; None when unknown."""
    if per == "program":
        return 1.0, 1.0, "", None
    if per == "credit":
        credits = program["credits"]
        if credits is None:
            return None
        amount = credits["amount"]
        return amount, amount, f" x {amount:g} {credits['unit']}", "credits"
    terms = program["terms"]
    if terms is None:
        return None
    kind = terms.get("kind", "semester")
    span = f"{terms['min']}" if terms["min"] == terms["max"] else f"{terms['min']}-{terms['max']}"
    if per == "term":
        return float(terms["min"]), float(terms["max"]), f" x {span} {kind}s", "terms"
    per_year = TERMS_PER_YEAR[kind]
    low, high = terms["min"] / per_year, terms["max"] / per_year
    return low, high, f" x {span} {kind}s / {per_year} per year", "terms"


def _needs(per: str) -> str:
    return "credits" if per == "credit" else "terms"


def total_cost(program: Program, sources: Mapping[str, Source] | None = None) -> Cost:
    """The degree's total cost from tuition, fees, credits and terms (see the module docstring).

    With the program's ``sources``, the result also names the years of the prices it used.
    """
    tuition = program["tuition"]
    if tuition is None:
        return Cost(None, None, "", (), ("tuition",), False)
    quantity = _quantity(program, tuition["per"])
    if quantity is None:
        return Cost(None, None, "", ("tuition",), (_needs(tuition["per"]),), False)
    low_q, high_q, text, used = quantity
    low, high = tuition["amount_usd"] * low_q, tuition["amount_usd"] * high_q
    formula = f"{_money(tuition['amount_usd'])} per {tuition['per']}{text}"
    inputs = ["tuition", *([used] if used else [])]
    fees = program["fees"]
    fee_quantity = None if fees is None else _quantity(program, fees["per"])
    if fees is not None and fee_quantity is not None:
        low += fees["amount_usd"] * fee_quantity[0]
        high += fees["amount_usd"] * fee_quantity[1]
        formula += f" + fees {_money(fees['amount_usd'])} per {fees['per']}{fee_quantity[2]}"
        inputs += ["fees", *([fee_quantity[3]] if fee_quantity[3] else [])]
    missing: tuple[str, ...] = ()
    if fees is None:
        missing = ("fees",)
    elif fee_quantity is None:
        missing = (_needs(fees["per"]),)
    facts = tuple(dict.fromkeys(inputs))
    prices = [program[n]["source"] for n in PRICE_NAMES if n in facts]  # type: ignore[literal-required]
    years = tuple(sorted({sources[k]["year"] for k in prices if k in sources})) if sources else ()
    if not missing:
        return Cost(low, high, formula, facts, missing, True, years)
    formula += f" + fees unknown (at most {FEE_BOUND:.0%} of tuition)"
    return Cost(low, high * (1 + FEE_BOUND), formula, facts, missing, False, years, high)
