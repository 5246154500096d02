"""Whether a fact's quote holds its value: the numbers a quote must print.

A quote is the evidence for a fact, so a fact whose number (a price, a number of credits, a
number of months) is not in its quote is not supported by it, however well the quote matches
its page: ``amount_usd: 1000`` with ``quote: "Tuition is $30,200 per term"`` is reported, by
``validate --strict`` and by ``verify``, as "quote does not support the value".

Numbers are compared as numbers: ``$30,200``, ``30200`` and ``30,200.00`` are one number, and
the quote's number words count (``two years``, ``sixteen months``). A duration's months may
also be printed as years (``two-year program``: 24). A value the page does not print as such
(a sum of several fees, a length in semesters turned into months) is recorded by a note whose
first word is ``Derived`` and which says how it was found; such facts are not reported.

Pure computation on plain data: no network, no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

#: The numbers each kind of fact holds, which its quote must print.
NUMBERS: Final[dict[str, tuple[str, ...]]] = {
    "tuition": ("amount_usd",),
    "fees": ("amount_usd",),
    "credits": ("amount",),
    "duration": ("months_min", "months_max"),
    "outcomes": ("median_salary_usd",),
}
#: A note whose first word is this records a value its quote does not print as such.
DERIVED: Final = "derived"
MESSAGE: Final = "quote does not support the value"

_DIGITS: Final = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?")
_NAMES: Final = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty"
)
_WORDS: Final = {word: Decimal(value) for value, word in enumerate(_NAMES.split())} | {
    "thirty": Decimal(30),
    "forty": Decimal(40),
    "forty-eight": Decimal(48),
}
_WORD: Final = re.compile(r"[a-z]+(?:-[a-z]+)?")


def printed(quote: str, *, years: bool = False) -> frozenset[Decimal]:
    """The numbers a quote prints; with ``years``, also each one times 12 when the quote
    speaks of years (a duration in months said in years)."""
    found = set(_numbers(quote))
    if years and "year" in quote.lower():
        found |= {number * 12 for number in found}
    return frozenset(found)


def _numbers(quote: str) -> Iterator[Decimal]:
    for text in _DIGITS.findall(quote):
        try:
            yield Decimal(text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only finds numbers
            continue
    lowered = quote.lower()
    for word in _WORD.findall(lowered):
        for part in (word, *word.split("-")):
            if part in _WORDS:
                yield _WORDS[part]


def derived(fact: Mapping[str, Any]) -> bool:
    """Whether the fact's note records its value as derived (``Derived. A sum of ...``)."""
    note = fact.get("note")
    first = _WORD.match(note.lstrip().lower()) if isinstance(note, str) else None
    return first is not None and first.group() == DERIVED


def unsupported(field: str, fact: Mapping[str, Any]) -> str:
    """Why ``fact``'s quotes do not hold its value (``"quote does not support the value:
    1,000 is not in it"``), or ``""``: they do, it has no quote, it records the value as
    derived (a note starting "Derived." or an ``inferred`` part), or its kind holds no number
    to look for."""
    quote = fact.get("quote")
    if not isinstance(quote, str) or not quote.strip() or field not in NUMBERS:
        return ""
    if derived(fact) or fact.get("inferred"):
        return ""
    more = [q for q in fact.get("quotes", []) if isinstance(q, str)]
    numbers = printed(" | ".join([quote, *more]), years=field == "duration")
    missing: list[str] = []
    for key in NUMBERS[field]:
        value = fact.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            continue
        shown = _shown(number)
        if number not in numbers and shown not in missing:
            missing.append(shown)
    if not missing:
        return ""
    said = " and ".join(missing)
    return f"{MESSAGE}: {said} {'is' if len(missing) == 1 else 'are'} not in it"


def _shown(number: Decimal) -> str:
    """``30200`` -> ``30,200``; ``907.75`` stays; ``12.0`` -> ``12``."""
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,.2f}"


def problems(program: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field path, message) for each fact of ``program`` its quote does not support."""
    found = []
    for field in NUMBERS:
        fact = program.get(field)
        if isinstance(fact, Mapping):
            why = unsupported(field, fact)
            if why:
                found.append((f"{field}.quote", why))
    return found
