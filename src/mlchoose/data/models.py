"""The catalog's schema: typed dictionaries that Pydantic validates at the file boundary.

A validated catalog is plain data (dicts, lists, strings, numbers, dates) described by these
``TypedDict`` classes: mypy checks every access, Pydantic validates and writes the JSON Schema
from the same definitions, and the rest of mlchoose works on the plain data without creating a
single model class, so a cached catalog loads without Pydantic or PyYAML work.

Every fact names a source by key; the key resolves to a :class:`Source` of the program or of the
catalog (shared sources such as the faculty table). A fact nobody could source is ``unknown``
(``None`` here), never a guessed value. Facts that a file leaves out are filled in as unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, NotRequired
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    with_config,
)
from pydantic.json_schema import SkipJsonSchema
from typing_extensions import TypedDict

from mlchoose.vocab import (
    Basis,
    CreditUnit,
    Delivery,
    EvidenceLevel,
    GrePolicy,
    IndustryKind,
    Region,
    SourceKind,
    StartTerm,
    TermKind,
    ThesisOption,
    Topic,
    TuitionPeriod,
)

#: The text a catalog author writes for a fact no source could give.
UNKNOWN = "unknown"
STRICT = ConfigDict(extra="forbid", strict=True)


def _check_url(value: str) -> str:
    """An http(s) URL with a host and no whitespace or control character anywhere (urlsplit
    silently drops newlines and tabs, so a URL could otherwise smuggle text into a report)."""
    parts = urlsplit(value)
    # Every whitespace character but the space is unprintable (``str.isprintable``), so this
    # is "any whitespace or control character", without a Python step per character.
    unsafe = " " in value or not value.isprintable()
    if parts.scheme not in ("http", "https") or not parts.netloc or unsafe:
        raise ValueError(f"not an http(s) URL without spaces or control characters: {value!r}")
    return value


def _check_year(value: str) -> str:
    if not re.fullmatch(r"\d{4}(-(\d{2}|\d{4}))?|undated", value):
        raise ValueError(f"a year is 2025, an academic year 2025-26, or undated; not {value!r}")
    return value


def _year_to_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _unique(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("values repeat")
    return values


def _ordered_months(value: Any) -> Any:
    if value is not None and value["months_min"] > value["months_max"]:
        raise ValueError("months_min is larger than months_max")
    return value


def _iso_date(value: Any) -> Any:
    """A date (YAML reads ``2026-11-26`` as one) kept as ISO text, so validated data stays
    plain enough for the fast cache."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date such as 2026-11-26, not a date and time ({value})")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"expected a date such as 2026-11-26, not {value!r}")
        dt.date.fromisoformat(value)  # a real day of a real month
    return value


#: An ISO date, ``2026-11-26``; YAML's date values are accepted and kept as text.
IsoDate = Annotated[str, BeforeValidator(_iso_date, json_schema_input_type=dt.date)]


def _ordered_terms(value: Any) -> Any:
    if value is not None and value["min"] > value["max"]:
        raise ValueError("min is larger than max")
    return value


def _unknown_to_none(value: Any) -> Any:
    return None if value == UNKNOWN else value


def _unknown(kind: Any) -> BeforeValidator:
    """Read ``unknown`` as None; the JSON Schema offers that word to editors."""
    return BeforeValidator(
        _unknown_to_none, json_schema_input_type=kind | Literal["unknown"] | None
    )


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_check_url)]
#: The shortest verbatim excerpt of the cited page that supports a fact (``verify`` looks for it).
Quote = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Alias = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
SourceKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+([-_][a-z0-9]+)*$", max_length=60)]
#: The year a source's facts refer to: ``2025``, an academic year ``2025-26``, or ``undated``.
Year = Annotated[
    str,
    BeforeValidator(_year_to_text, json_schema_input_type=str | int),
    AfterValidator(_check_year),
]
Months = Annotated[int, Field(gt=0, le=120)]
Count = Annotated[int, Field(ge=0)]
Figure = Annotated[float, Field(ge=0, allow_inf_nan=False)]


@with_config(STRICT)
class Source(TypedDict):
    """A page that facts rest on, and the year those facts refer to."""

    url: Url
    year: Year
    kind: NotRequired[SourceKind]
    title: NotRequired[Text]
    note: NotRequired[Text]


# Every fact below ends with the same four optional fields, written out in each (so that a
# fact's keys keep their order in JSON):
#   basis     where the fact comes from when its source's kind does not say it: inferred (the
#             note says from what) or secondary (only independent secondary sources give it);
#   inferred  the part of the value no quote states, in words ("no thesis: inferred from the
#             required capstone"), shown wherever the fact is;
#   quotes    more verbatim excerpts of the same source, when one quote does not carry it all;
#   disputed  other sources' differing values (a Dispute each).


@with_config(STRICT)
class Dispute(TypedDict):
    """Another source's value for a fact, in words: a fact whose sources disagree keeps each
    value with its own source and quote, and every view shows it as disputed."""

    says: Text
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]


@with_config(STRICT)
class DeliveryFact(TypedDict):
    modes: Annotated[list[Delivery], Field(min_length=1), AfterValidator(_unique)]
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class DurationFact(TypedDict):
    """Full-time length in months, as a range when the program gives one."""

    months_min: Months
    months_max: Months
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class TuitionFact(TypedDict):
    """A published price: its year is the year of its source, which must be dated."""

    amount_usd: Annotated[float, Field(gt=0, le=1_000_000, allow_inf_nan=False)]
    per: TuitionPeriod
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class FeesFact(TypedDict):
    """Mandatory fees (not waivable insurance), priced like tuition."""

    amount_usd: Annotated[float, Field(gt=0, le=1_000_000, allow_inf_nan=False)]
    per: TuitionPeriod
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class CreditsFact(TypedDict):
    """What the degree requires, in the unit the program counts in."""

    amount: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]
    unit: CreditUnit
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class TermsFact(TypedDict):
    """Full-time terms of study, to turn a per-term or per-year price into a total."""

    min: Annotated[int, Field(gt=0, le=20)]
    max: Annotated[int, Field(gt=0, le=20)]
    kind: NotRequired[TermKind]
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class PartTimeFact(TypedDict):
    allowed: bool
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class StartTermsFact(TypedDict):
    terms: Annotated[list[StartTerm], Field(min_length=1), AfterValidator(_unique)]
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


#: A CIP 2020 code: ``11.0701``, or its 4-digit family ``11.07``.
CipCode = Annotated[str, StringConstraints(pattern=r"^\d{2}\.\d{2}(\d{2})?$")]
Unitid = Annotated[int, Field(ge=100000, le=999999)]
Dollars = Annotated[int, Field(ge=0, le=10_000_000)]


@with_config(STRICT)
class StemFact(TypedDict):
    """STEM designation (for the F-1 STEM OPT extension): the school's word, or derived from the
    field of study by the DHS list. ``basis`` inferred with ``stem`` true reads "likely"."""

    stem: bool
    basis: NotRequired[Basis]
    cip: NotRequired[CipCode]
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class CipFact(TypedDict):
    """The program's field of study (CIP 2020): 6 digits where a page or IPEDS settles it, else
    the 4-digit family; ``unitid`` is the institution its graduates are reported under. Basis:
    stated (a page prints the code), reported (federal data shows the institution awards
    master's degrees in it), inferred (from the degree's name; the note says why)."""

    code: CipCode
    basis: NotRequired[Basis]
    unitid: NotRequired[Unitid]
    #: The code's CIP 2020 title, filled in by mlchoose when a catalog is loaded.
    title: NotRequired[Text]
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class EarningsFact(TypedDict):
    """What master's graduates of the institution in the program's 4-digit field earn and owe
    (College Scorecard Field of Study): the whole field at that institution, not the program
    alone. A figure Scorecard suppresses for privacy is absent. Derived when a catalog is loaded
    from the field of study's UNITID and code; a catalog file may also give it."""

    unitid: Unitid
    field: Annotated[str, StringConstraints(pattern=r"^\d{2}\.\d{2}$")]
    title: NotRequired[Text]
    completers: NotRequired[Annotated[int, Field(ge=0)]]
    earnings_1yr: NotRequired[Dollars]
    earnings_4yr: NotRequired[Dollars]
    debt_median: NotRequired[Dollars]
    release: NotRequired[IsoDate]
    source: SourceKey
    note: NotRequired[Text]


@with_config(STRICT)
class FundingFact(TypedDict):
    """Funding that changes what a student pays (assistantships, fellowships), in words: shown
    next to the cost, never subtracted from it (how much it covers is rarely published)."""

    text: Text
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class GreFact(TypedDict):
    policy: GrePolicy
    cycle: Text
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class DeadlineFact(TypedDict):
    date: IsoDate
    cycle: Text
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class ThesisFact(TypedDict):
    option: ThesisOption
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class OutcomesFact(TypedDict):
    """Published outcomes from the program's own report; its year is its source's year."""

    placement_rate: NotRequired[Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]]
    median_salary_usd: NotRequired[Annotated[float, Field(gt=0, allow_inf_nan=False)]]
    counted: Text
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class TopicEvidence(TypedDict):
    """A topic of the fixed vocabulary, the course that teaches it, and how binding that is."""

    topic: Topic
    evidence: EvidenceLevel
    course: Text
    source: SourceKey
    quote: NotRequired[Quote]


@with_config(STRICT)
class Specializations(TypedDict):
    """Named tracks, concentrations or specializations; an empty list means "none offered"."""

    tracks: list[Text]
    source: SourceKey
    quote: NotRequired[Quote]
    note: NotRequired[Text]
    basis: NotRequired[Basis]
    inferred: NotRequired[Text]
    quotes: NotRequired[list[Quote]]
    disputed: NotRequired[list[Dispute]]


@with_config(STRICT)
class FacultyEvidence(TypedDict):
    """Research faculty in AI for the whole institution, from the CSRankings 2017 table."""

    institution: Text
    ai_faculty: Count
    ai_adjusted_pubs: Figure
    robotics_adjusted_pubs: Figure
    ai_rank_us: Annotated[int, Field(ge=1)]
    source: SourceKey
    window: NotRequired[Literal["2008-2017"]]
    note: NotRequired[Text]


@with_config(STRICT)
class IndustryItem(TypedDict):
    """One typed piece of evidence of industry ties (internship, partners, placement, ...)."""

    kind: IndustryKind
    detail: Text
    source: SourceKey
    quote: NotRequired[Quote]


@with_config(STRICT)
class ArticleCheck(TypedDict):
    """What the seed article claims about this program and what the sources say instead."""

    claim: Text
    correction: Text
    source: SourceKey
    quote: NotRequired[Quote]


@with_config(STRICT)
class Note(TypedDict):
    text: Text
    source: NotRequired[SourceKey]
    quote: NotRequired[Quote]


#: Lists a file may leave out (an empty list is "no evidence", never "none exists").
OPTIONAL_LISTS = ("aliases", "topics", "industry", "notes")


@with_config(STRICT)
class Program(TypedDict):
    """One master's program and every fact the catalog knows about it."""

    id: Slug
    aliases: NotRequired[list[Alias]]
    university: Text
    name: Text
    degree: Text
    department: Text
    city: Text
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    region: Region
    url: Url
    checked: IsoDate
    delivery: NotRequired[Annotated[DeliveryFact | None, _unknown(DeliveryFact)]]
    duration: NotRequired[
        Annotated[DurationFact | None, _unknown(DurationFact), AfterValidator(_ordered_months)]
    ]
    tuition: NotRequired[Annotated[TuitionFact | None, _unknown(TuitionFact)]]
    fees: NotRequired[Annotated[FeesFact | None, _unknown(FeesFact)]]
    credits: NotRequired[Annotated[CreditsFact | None, _unknown(CreditsFact)]]
    terms: NotRequired[
        Annotated[TermsFact | None, _unknown(TermsFact), AfterValidator(_ordered_terms)]
    ]
    part_time: NotRequired[Annotated[PartTimeFact | None, _unknown(PartTimeFact)]]
    start_terms: NotRequired[Annotated[StartTermsFact | None, _unknown(StartTermsFact)]]
    stem: NotRequired[Annotated[StemFact | None, _unknown(StemFact)]]
    cip: NotRequired[Annotated[CipFact | None, _unknown(CipFact)]]
    funding: NotRequired[Annotated[FundingFact | None, _unknown(FundingFact)]]
    gre: NotRequired[Annotated[GreFact | None, _unknown(GreFact)]]
    deadline: NotRequired[Annotated[DeadlineFact | None, _unknown(DeadlineFact)]]
    thesis: NotRequired[Annotated[ThesisFact | None, _unknown(ThesisFact)]]
    outcomes: NotRequired[Annotated[OutcomesFact | None, _unknown(OutcomesFact)]]
    earnings: NotRequired[Annotated[EarningsFact | None, _unknown(EarningsFact)]]
    course_list: NotRequired[Literal["complete", "partial", "unknown"]]
    topics: NotRequired[list[TopicEvidence]]
    specializations: NotRequired[Annotated[Specializations | None, _unknown(Specializations)]]
    faculty: NotRequired[Annotated[FacultyEvidence | None, _unknown(FacultyEvidence)]]
    industry: NotRequired[list[IndustryItem]]
    article: NotRequired[ArticleCheck | None]
    notes: NotRequired[list[Note]]
    sources: NotRequired[dict[SourceKey, Source]]


#: Facts a file may leave out: after validation every program has them, ``None`` when unknown
#: (the optional keys of Program that are not lists, the course-list flag or sources; the
#: registry declares each, and its test holds the two together).
def _may_leave_out(key: str) -> bool:
    """Whether Program declares ``key`` NotRequired (annotations are postponed: read as text)."""
    hint = Program.__annotations__[key]
    return str(getattr(hint, "__forward_arg__", hint)).startswith("NotRequired[")


OPTIONAL_FACTS: dict[str, Any] = dict.fromkeys(
    key
    for key in Program.__annotations__
    if _may_leave_out(key) and key not in (*OPTIONAL_LISTS, "course_list", "sources")
)


def _complete(value: Any) -> Any:
    """Fill the facts a program entry leaves out, so that every key is present after validation."""
    if not isinstance(value, dict):
        return value
    filled = {**OPTIONAL_FACTS, "course_list": "unknown", "sources": {}, **value}
    for name in OPTIONAL_LISTS:
        filled.setdefault(name, [])
    return filled


@with_config(STRICT)
class Catalog(TypedDict):
    """A catalog file: shared sources and the programs."""

    sources: NotRequired[dict[SourceKey, Source]]
    programs: Annotated[list[Annotated[Program, BeforeValidator(_complete)]], Field(min_length=1)]
    #: Set by mlchoose when it merges overlays: program id -> field -> overlay file.
    overlaid: NotRequired[Annotated[dict[str, dict[str, str]], SkipJsonSchema()]]
