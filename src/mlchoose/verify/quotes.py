"""What ``verify`` looks for on a cited page, and how it decides that it is there.

Pure computation: no network, no files. Pages are compared after :func:`normalise`, so that a
quote copied from a browser still matches a page that differs only in case, whitespace,
typographic quotes, dashes or no-break spaces. A fact with a ``quote`` is checked by its quote;
until it has one, by its value (a number as pages print it, a course code, a date, ...), which is
weaker evidence: value checks match whole words only, so ``9`` is not found in ``19``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from mlchoose.data.registry import BY_NAME, FACT_NAMES, LISTS

#: The per-fact verdicts, in the order a maintainer should look at them (``ok`` last):
#: ``unsupported`` is a fact whose quote does not hold its value (see :mod:`.support`).
FACT_STATUSES: Final = ("changed", "unsupported", "moved", "gone", "blocked", "unreachable", "ok")
#: Lists of facts whose items cite sources one by one.
LIST_FIELDS: Final = LISTS

_TRANSLATE: Final = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a", " "),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),
    }
)
_WORDS: Final = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_MONTHS: Final = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


@dataclass(frozen=True)
class Check:
    """One fact to look for on one source's page.

    ``wanted`` holds groups of spellings: every group must be found, any spelling of a group
    will do (a fact with two delivery modes needs both words; ``30,200`` or ``30200`` for one
    price). It is empty when the fact has neither a quote nor a value a page would print.

    ``quote`` and ``value`` are what the catalog says (the value as canonical JSON, its source
    and note left out): a saved verdict applies only while both are the same. ``unsupported``
    says why the quote does not hold the value, when it does not.
    """

    program: str
    field: str
    source: str
    basis: Literal["quote", "value"]
    wanted: tuple[tuple[str, ...], ...]
    quote: str = ""
    value: str = ""
    unsupported: str = ""


def normalise(text: str) -> str:
    """Fold the differences a copy-and-paste introduces: compatibility forms, typographic
    quotes and dashes, invisible characters, case and runs of whitespace."""
    folded = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).casefold()
    return " ".join(folded.split())


def contains(page_text: str, quote: str, *, whole_words: bool = False) -> bool:
    """Whether ``quote`` appears in ``page_text`` after normalising both.

    Whitespace is ignored altogether (a page's markup may split a word or join two), except
    for ``whole_words`` matches, which must not touch a letter or digit on either side.
    """
    return _Page(page_text).has(quote, whole_words)


def matches(page_text: str, wanted: Sequence[Check]) -> list[bool]:
    """For each check, whether every group has a spelling on the page (normalised once)."""
    page = _Page(page_text)
    return [
        bool(check.wanted)
        and all(any(page.has(text, check.basis == "value") for text in g) for g in check.wanted)
        for check in wanted
    ]


class _Page:
    """A page's text normalised once, with and without its spaces, for many look-ups.

    Every look-up is one scan in C: a quote is a substring test; a value is a regular
    expression that starts with the value itself (found by a fast literal search) and checks
    the characters on either side in the same pass, so a page holding the value's digits a
    million times inside other numbers costs no more than reading it."""

    def __init__(self, text: str) -> None:
        self.text = normalise(text)
        self.compact = self.text.replace(" ", "")
        self._seen: dict[tuple[str, bool], bool] = {}  # one scan per spelling, however many ask

    def has(self, wanted: str, whole_words: bool) -> bool:
        key = (wanted, whole_words)
        if key not in self._seen:
            self._seen[key] = self._scan(normalise(wanted), whole_words)
        return self._seen[key]

    def _scan(self, wanted: str, whole_words: bool) -> bool:
        if not wanted:
            return False
        if not whole_words:
            return wanted.replace(" ", "") in self.compact
        return _whole(wanted).search(self.text) is not None


@functools.lru_cache(maxsize=1024)
def _whole(wanted: str) -> re.Pattern[str]:
    """``wanted`` with neither a letter nor a digit touching it on either side."""
    return re.compile(f"{re.escape(wanted)}(?<![^\\W_].{{{len(wanted)}}})(?![^\\W_])", re.DOTALL)


def fact_status(page_status: str, found: bool) -> str:
    """The verdict for one fact from its page's status and whether the quote was found.

    A page that moved is still read: ``moved`` when the fact is on the new page (the catalog
    only needs the new URL), ``changed`` when it is not (the fact itself needs a look; the
    detail names the new URL). Pages that could not be read pass their status through.
    """
    if page_status in ("ok", "moved"):
        return page_status if found else "changed"
    return page_status


def checks(program: Mapping[str, Any]) -> list[Check]:
    """Every sourced fact of a catalog program (plain data) and what to look for."""
    pid = str(program.get("id", ""))
    found_checks: list[Check] = []
    for name in FACT_NAMES:
        fact = program.get(name)
        if isinstance(fact, Mapping) and fact.get("source"):
            found_checks.append(_check(pid, name, name, fact))
    for name in LIST_FIELDS:
        items = program.get(name)
        if not isinstance(items, Sequence) or isinstance(items, str):
            continue
        for index, item in enumerate(items):
            if isinstance(item, Mapping) and item.get("source"):
                found_checks.append(_check(pid, f"{name}.{index}", name, item))
    return found_checks


def _check(pid: str, path: str, kind: str, fact: Mapping[str, Any]) -> Check:
    from mlchoose.data.support import unsupported

    source = str(fact["source"])
    quote = fact.get("quote")
    value = value_text(fact)
    if isinstance(quote, str) and quote.strip():
        why = unsupported(kind, fact) if path == kind else ""
        # Every quote must be on the page: the first, and the further ones a fact carries when
        # one excerpt does not hold its whole value.
        more = [q for q in fact.get("quotes", []) if isinstance(q, str) and q.strip()]
        wanted = tuple((q,) for q in [quote, *more])
        return Check(pid, path, source, "quote", wanted, quote, value, why)
    try:
        groups = tuple(group for group in _VALUES.get(_rule(kind), _nothing)(fact) if group)
    except (KeyError, TypeError, ValueError, IndexError):
        groups = ()  # a malformed fact: nothing to look for, reported as such
    return Check(pid, path, source, "value", groups, "", value)


#: A fact's keys that are not its value: where it comes from and what its authors say.
_NOT_VALUE: Final = frozenset({"source", "quote", "note"})


def value_text(fact: Mapping[str, Any]) -> str:
    """The fact's value as canonical JSON (keys sorted; dates as ISO text), for telling
    whether a saved verdict is still about what the catalog says."""
    import json

    value = {key: item for key, item in fact.items() if key not in _NOT_VALUE}
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # not JSON-like (the schema allows none of this)
        return repr(sorted(map(str, value)))


Groups = list[tuple[str, ...]]


def _rule(kind: str) -> str:
    """The registry's spelling rule for a fact (a list's items name their own: ``topics``)."""
    fact = BY_NAME.get(kind)
    return kind if fact is None else fact.finds or ""


def _nothing(fact: Mapping[str, Any]) -> Groups:
    """Prose written by the catalog's authors (notes, claims): only a quote can be checked."""
    return []


def number_spellings(value: float) -> tuple[str, ...]:
    """How a page may print a number: ``30200.0`` -> ``30,200`` or ``30200``."""
    if float(value).is_integer():
        whole = int(value)
        return tuple(dict.fromkeys((f"{whole:,}", f"{whole}")))
    two, short = f"{value:,.2f}", f"{value:,}"
    return tuple(dict.fromkeys((two, two.replace(",", ""), short, short.replace(",", ""))))


def _count(value: int, unit: str) -> tuple[str, ...]:
    """``3 semesters``, ``3-semester``, ``three semesters``: whole words, so plural too."""
    names = [str(value)] + ([_WORDS[value]] if 0 <= value < len(_WORDS) else [])
    units = (f" {unit}", f" {unit}s", f"-{unit}")
    return tuple(f"{name}{spelled}" for name in names for spelled in units)


def _range(low: int, high: int, unit: str) -> tuple[str, ...]:
    if low == high:
        return _count(low, unit)
    return tuple(f"{low}{sep}{high} {unit}s" for sep in ("-", " to ", " or "))


def date_spellings(iso: str) -> tuple[str, ...]:
    """How a page may print a date: ``December 10, 2025``, ``Dec. 10``, ``12/10/2025``, ..."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return (iso,)
    month = _MONTHS[day.month - 1]
    shorts = [month[:3], *(["sept"] if day.month == 9 else [])]
    names = [month, *shorts, *(f"{short}." for short in shorts)]
    spelled = [f"{name} {day.day}" for name in names]
    spelled += [f"{day.day} {name}" for name in names]
    numeric = (iso, f"{day.month}/{day.day}/{day.year}", f"{day:%m/%d/%Y}")
    return tuple(dict.fromkeys((*numeric, *spelled)))


def _money(fact: Mapping[str, Any]) -> Groups:
    return [number_spellings(fact["amount_usd"])]


def _duration(fact: Mapping[str, Any]) -> Groups:
    return [_range(fact["months_min"], fact["months_max"], "month")]


def _terms(fact: Mapping[str, Any]) -> Groups:
    return [_range(fact["min"], fact["max"], str(fact.get("kind") or "semester"))]


def _credits(fact: Mapping[str, Any]) -> Groups:
    return [number_spellings(fact["amount"])]


def _delivery(fact: Mapping[str, Any]) -> Groups:
    spell = {"on-campus": ("on-campus", "on campus", "in-person", "in person")}
    return [spell.get(mode, (mode,)) for mode in fact["modes"]]


def _start_terms(fact: Mapping[str, Any]) -> Groups:
    return [("fall", "autumn") if term == "fall" else (term,) for term in fact["terms"]]


def _stem(fact: Mapping[str, Any]) -> Groups:
    return [(fact["cip"],)] if fact.get("cip") else [("stem",)]


def _gre(fact: Mapping[str, Any]) -> Groups:
    words = {"not-considered": ("not considered", "not required", "not accepted")}
    return [("gre",), words.get(fact["policy"], (fact["policy"],))]


def _outcomes(fact: Mapping[str, Any]) -> Groups:
    groups: Groups = []
    if fact.get("placement_rate") is not None:
        percent = round(fact["placement_rate"] * 100, 1)
        text = f"{percent:g}"
        groups.append((f"{text}%", f"{text} %", f"{text} percent"))
    if fact.get("median_salary_usd") is not None:
        groups.append(number_spellings(fact["median_salary_usd"]))
    return groups


def _course(fact: Mapping[str, Any]) -> Groups:
    """A course's number when its text names one (``10-701``), else its whole name."""
    text = str(fact.get("course", ""))
    codes = [word.strip("()[],;:.") for word in text.split() if any(c.isdigit() for c in word)]
    return [tuple(code for code in codes if code) or (text,)]


#: The spelling rules the registry's facts name (``Fact.finds``), and the course rule of topics.
_VALUES: Final[dict[str, Callable[[Mapping[str, Any]], Groups]]] = {
    "money": _money,
    "months": _duration,
    "terms": _terms,
    "number": _credits,
    "delivery": _delivery,
    "start_terms": _start_terms,
    "part_time": lambda fact: [("part-time", "part time")],
    "stem": _stem,
    "cip": lambda fact: [(fact["code"],)],
    "gre": _gre,
    "date": lambda fact: [date_spellings(str(fact["date"]))],
    "thesis": lambda fact: [("thesis",)],
    "outcomes": _outcomes,
    "tracks": lambda fact: [(track,) for track in fact["tracks"]],
    "institution": lambda fact: [(fact["institution"],)],
    "topics": _course,
}
#: The rules by name, for the registry's test.
RULES: Final = frozenset(_VALUES)
