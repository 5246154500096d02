"""The fact registry: one declaration per catalog fact, read by every view, ``stats``, ``verify``
and the JSON Schema.

A fact is declared once here: its label, how it reads for people, its place in the JSON of
``rank``/``show``/``compare``, its ``rank --facts`` column, whether ``stats`` counts it and how
``verify`` finds its value on a page. Adding a fact is its model in :mod:`mlchoose.data.models`,
its :class:`Fact` here, and their tests; ``tests/data/test_registry.py`` fails when the model
and the registry disagree.

Plain Python with no third-party import, so the command line can check ``--facts`` names before
it loads anything.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

if TYPE_CHECKING:
    from mlchoose.data.models import Program, Source

UNKNOWN_TEXT: Final = "unknown"
Section = Literal["study", "cost", "admission", "outcomes", "evidence"]
#: The sections of ``show``'s fact table, in order, with their headings.
SECTIONS: Final[dict[Section, str]] = {
    "study": "Study",
    "cost": "Cost",
    "admission": "Admission",
    "outcomes": "Outcomes",
    "evidence": "Evidence",
}
PER_TEXT: Final = {
    "program": "whole program",
    "year": "per year",
    "term": "per term",
    "credit": "per credit",
}

Sources = Mapping[str, "Source"]


class Column(NamedTuple):
    """A ``rank --facts`` column: the name a user types, its header and its (short) cell."""

    name: str
    header: str
    cell: Callable[[Program], str]


class Fact(NamedTuple):
    """One catalog fact: a key of :class:`mlchoose.data.models.Program` holding a sourced
    record, or ``None`` when no source gives it."""

    name: str
    label: str
    section: Section
    #: The fact as a person reads it (``show``, ``compare``, the report); ``unknown`` if None.
    phrase: Callable[[Program, Sources], str]
    #: Its keys and values in the ``facts`` object of ``rank``/``show``/``compare`` JSON (each
    #: ``null`` when the fact is unknown).
    json: tuple[tuple[str, Callable[[Any], Any]], ...] = ()
    #: A shorter phrase for side-by-side views (``compare``); None: the phrase.
    brief: Callable[[Program], str] | None = None
    #: Its ``rank --facts`` columns (a fact may give several: earnings and debt).
    columns: tuple[Column, ...] = ()
    #: Its row in ``stats``: (position, row name, label); None: not counted there. Rows keep
    #: the order they were released in (scripts read ``stats --format json``).
    coverage: tuple[int, str, str] | None = None
    #: The spelling rule ``verify`` uses to find its value on a page (see verify.quotes);
    #: None: only a quote can be checked.
    finds: str | None = None
    #: Where it shows: ``show``'s fact table, ``compare``'s rows, the report's program cards.
    show: bool = True
    compare: bool = False
    card: bool = False
    #: Shown only when known (an absent fact is not news: funding is recorded where stated).
    only_known: bool = False
    #: Its ``note`` changes how the figure reads: printed under the facts in ``show``.
    noted: bool = False
    #: A price: it needs a dated source.
    price: bool = False
    #: The text for None when that is not plain 'unknown'.
    absent: str = UNKNOWN_TEXT


# --- phrases --------------------------------------------------------------------------------


def money(amount: float) -> str:
    return f"${amount:,.0f}"


def yes_no(value: bool | None) -> str:
    return UNKNOWN_TEXT if value is None else ("yes" if value else "no")


def _passed(date: str, today: dt.date | None = None) -> bool:
    return dt.date.fromisoformat(date) < (today or dt.date.today())


def delivery(program: Program, sources: Sources | None = None) -> str:
    fact = program["delivery"]
    return UNKNOWN_TEXT if fact is None else ", ".join(fact["modes"])


def duration(program: Program, sources: Sources | None = None) -> str:
    fact = program["duration"]
    if fact is None:
        return UNKNOWN_TEXT
    if fact["months_min"] == fact["months_max"]:
        return f"{fact['months_min']} months"
    return f"{fact['months_min']}-{fact['months_max']} months"


def terms(program: Program, sources: Sources | None = None) -> str:
    fact = program["terms"]
    if fact is None:
        return UNKNOWN_TEXT
    span = str(fact["min"]) if fact["min"] == fact["max"] else f"{fact['min']}-{fact['max']}"
    return f"{span} {fact.get('kind', 'semester')}s"


def credits(program: Program, sources: Sources | None = None) -> str:
    fact = program["credits"]
    return UNKNOWN_TEXT if fact is None else f"{fact['amount']:g} {fact['unit']}"


def part_time(program: Program, sources: Sources | None = None) -> str:
    fact = program["part_time"]
    return yes_no(None if fact is None else fact["allowed"])


def start_terms(program: Program, sources: Sources | None = None) -> str:
    fact = program["start_terms"]
    return UNKNOWN_TEXT if fact is None else ", ".join(fact["terms"])


def thesis(program: Program, sources: Sources | None = None) -> str:
    fact = program["thesis"]
    return UNKNOWN_TEXT if fact is None else fact["option"]


def tuition(program: Program, sources: Sources | None = None) -> str:
    fact = program["tuition"]
    if fact is None:
        return UNKNOWN_TEXT
    source = (sources or {}).get(fact["source"])
    year = f" ({source['year']})" if source is not None else ""
    return f"${fact['amount_usd']:,.0f} {PER_TEXT[fact['per']]}{year}"


def fees(program: Program, sources: Sources | None = None) -> str:
    fact = program["fees"]
    return UNKNOWN_TEXT if fact is None else f"{money(fact['amount_usd'])} {PER_TEXT[fact['per']]}"


def funding(program: Program, sources: Sources | None = None) -> str:
    """Funding that changes what a student pays, in words ('none recorded': the catalog
    records funding only where a source states it, so its absence is not 'no funding')."""
    fact = program["funding"]
    return "none recorded" if fact is None else fact["text"]


def stem_status(program: Program) -> str:
    """yes, likely, no, disputed or unknown: "likely" when STEM status rests on an inference
    (the field of study, not a stated code or the school's word), "disputed" when sources
    disagree (``show`` gives both)."""
    fact = program["stem"]
    return UNKNOWN_TEXT if fact is None else _stem_status_json(fact)


def _stem_status_json(fact: Any) -> str:
    if fact.get("disputed"):
        return "disputed"
    if not fact["stem"]:
        return "no"
    return "likely" if fact.get("basis") == "inferred" else "yes"


def stem(program: Program, sources: Sources | None = None) -> str:
    """'yes (CIP 11.0701, on the DHS STEM list)', 'likely (field 11.01: ...)', or the school's
    own word."""
    fact = program["stem"]
    if fact is None:
        return UNKNOWN_TEXT
    status = stem_status(program)
    if fact.get("basis") == "inferred" and "cip" in fact:
        if len(fact["cip"]) == 7:  # a 6-digit code from federal data, not printed by a page
            return f"{status} (CIP {fact['cip']} is on the DHS STEM list; not stated by a page)"
        return f"{status} (field CIP {fact['cip']}: every code in it is on the DHS STEM list)"
    if "cip" in fact and program.get("cip") is not None:
        listed = "on the DHS STEM list" if fact["stem"] else "not on the DHS STEM list"
        return f"{status} (CIP {fact['cip']}, {listed})"
    cip = f" (CIP {fact['cip']})" if "cip" in fact else ""
    return status + cip


def stem_brief(program: Program) -> str:
    """'likely (field 11.07)' or 'yes': side by side, the field says why it is only likely."""
    fact = program["stem"]
    status = stem_status(program)
    if fact is not None and fact.get("basis") == "inferred" and "cip" in fact:
        return f"{status} (field {fact['cip']})"
    return status


def cip_brief(program: Program) -> str:
    fact = program["cip"]
    return UNKNOWN_TEXT if fact is None else f"{fact['code']} ({fact.get('basis', 'stated')})"


BASIS_TEXT: Final = {
    "stated": "stated by the program",
    "reported": "reported in federal data",
    "inferred": "inferred",
    "secondary": "secondary sources only",
}


def cip(program: Program, sources: Sources | None = None) -> str:
    """'11.07 Computer Science (reported in federal data; UNITID 145637)'."""
    fact = program["cip"]
    if fact is None:
        return UNKNOWN_TEXT
    title = f" {fact['title']}" if "title" in fact else ""
    basis = BASIS_TEXT[fact.get("basis", "stated")]
    unitid = f"; UNITID {fact['unitid']}" if "unitid" in fact else ""
    return f"{fact['code']}{title} ({basis}{unitid})"


def _cip_json(fact: Any) -> dict[str, Any]:
    return {
        "code": fact["code"],
        "title": fact.get("title"),
        "basis": fact.get("basis", "stated"),
        "unitid": fact.get("unitid"),
    }


#: What a Scorecard figure covers, said wherever one is shown.
EARNINGS_SCOPE: Final = (
    "all master's graduates of the institution in this field, not this program alone"
)


#: The figures Scorecard may publish for a field (any of them absent: suppressed for privacy).
FIGURES: Final = ("earnings_1yr", "earnings_4yr", "debt_median")


def _published(fact: Any) -> bool:
    return any(key in fact for key in FIGURES)


def _dollars(fact: Any, key: str) -> str:
    return money(fact[key]) if key in fact else "not published (privacy)"


def earnings(program: Program, sources: Sources | None = None) -> str:
    """Median earnings 1 and 4 years after, median debt, graduates counted, and the scope."""
    fact = program["earnings"]
    if fact is None:
        return UNKNOWN_TEXT
    counted = f"{fact['completers']:,} graduates" if "completers" in fact else "count not published"
    if not _published(fact):
        figures = "not published (privacy)"
    else:
        figures = (
            f"median earnings {_dollars(fact, 'earnings_1yr')} after 1 year, "
            f"{_dollars(fact, 'earnings_4yr')} after 4; median debt {_dollars(fact, 'debt_median')}"
        )
    release = f", Scorecard release {fact['release']}" if "release" in fact else ""
    return f"{figures} ({counted} in CIP {fact['field']}: {EARNINGS_SCOPE}{release})"


def earnings_brief(program: Program) -> str:
    """'$146,670 after 1 yr, $179,395 after 4; debt $18,835 (field at the university)'."""
    fact = program["earnings"]
    if fact is None:
        return UNKNOWN_TEXT
    if not _published(fact):
        return "not published (privacy)"
    one, four = _dollars(fact, "earnings_1yr"), _dollars(fact, "earnings_4yr")
    return (
        f"{one} after 1 yr, {four} after 4; debt {_dollars(fact, 'debt_median')} "
        f"(CIP {fact['field']} at the university)"
    )


def earnings_short(program: Program) -> str:
    fact = program["earnings"]
    if fact is None:
        return UNKNOWN_TEXT
    return money(fact["earnings_1yr"]) if "earnings_1yr" in fact else "not published"


def debt_short(program: Program) -> str:
    fact = program["earnings"]
    if fact is None:
        return UNKNOWN_TEXT
    return money(fact["debt_median"]) if "debt_median" in fact else "not published"


def _earnings_json(fact: Any) -> dict[str, Any]:
    return {
        "unitid": fact["unitid"],
        "field": fact["field"],
        "title": fact.get("title"),
        "completers": fact.get("completers"),
        "earnings_1yr": fact.get("earnings_1yr"),
        "earnings_4yr": fact.get("earnings_4yr"),
        "debt_median": fact.get("debt_median"),
        "published": _published(fact),
        "release": fact.get("release"),
        "covers": EARNINGS_SCOPE,
    }


def gre(program: Program, sources: Sources | None = None) -> str:
    fact = program["gre"]
    return UNKNOWN_TEXT if fact is None else f"{fact['policy']} ({fact['cycle']})"


def expected_next(date: str, today: dt.date | None = None) -> dt.date:
    """A past deadline's next expected date: the same day a year on (or as many years as it
    takes to be ahead of ``today``); 29 February falls on the 28th in other years."""
    day, now = dt.date.fromisoformat(date), today or dt.date.today()
    year = day.year + 1
    while True:
        no_leap_day = (day.month, day.day) == (2, 29) and not calendar.isleap(year)
        candidate = day.replace(year=year, day=28 if no_leap_day else day.day)
        if candidate >= now:
            return candidate
        year += 1


def deadline(program: Program, sources: Sources | None = None, today: dt.date | None = None) -> str:
    """The date and its admission cycle; a date already passed says so, with the next cycle's
    expected date (same day a year on), labelled expected until a source gives the real one."""
    fact = program["deadline"]
    if fact is None:
        return UNKNOWN_TEXT
    if not _passed(fact["date"], today):
        return f"{fact['date']} ({fact['cycle']})"
    expected = expected_next(fact["date"], today).isoformat()
    return f"{fact['date']} ({fact['cycle']}, past cycle; next expected about {expected})"


def deadline_short(program: Program, today: dt.date | None = None) -> str:
    """The date, or for a past cycle the next expected one marked as expected (a table column)."""
    fact = program["deadline"]
    if fact is None:
        return UNKNOWN_TEXT
    if not _passed(fact["date"], today):
        return fact["date"]
    return f"~{expected_next(fact['date'], today).isoformat()} expected"


def outcomes(program: Program, sources: Sources | None = None) -> str:
    fact = program["outcomes"]
    if fact is None:
        return UNKNOWN_TEXT
    parts = []
    if "placement_rate" in fact:
        parts.append(f"{100 * fact['placement_rate']:.0f}% placed")
    if "median_salary_usd" in fact:
        parts.append(f"median salary {money(fact['median_salary_usd'])}")
    return ", ".join(parts) + f" ({fact['counted']})"


def tracks(program: Program, sources: Sources | None = None) -> str:
    fact = program["specializations"]
    if fact is None:
        return UNKNOWN_TEXT
    return str(len(fact["tracks"])) if fact["tracks"] else "none"


def faculty(program: Program, sources: Sources | None = None) -> str:
    fact = program["faculty"]
    if fact is None:
        return UNKNOWN_TEXT
    window = fact.get("window", "2008-2017")
    return f"{fact['ai_faculty']} AI faculty, {fact['ai_adjusted_pubs']:g} adj. pubs ({window})"


def article(program: Program, sources: Sources | None = None) -> str:
    fact = program["article"]
    return UNKNOWN_TEXT if fact is None else fact["correction"]


def _pick(*keys: str) -> Callable[[Any], Any]:
    return lambda fact: {k: fact[k] for k in keys if k in fact}


# --- the registry -----------------------------------------------------------------------------
#
# Declaration order is the order of the ``facts`` object in JSON and of the rows within each
# section of ``show``.

FACTS: Final[tuple[Fact, ...]] = (
    Fact(
        "duration",
        "Duration",
        "study",
        duration,
        json=(("duration_months", lambda f: {"min": f["months_min"], "max": f["months_max"]}),),
        columns=(Column("months", "Months", lambda p: duration(p).removesuffix(" months")),),
        coverage=(6, "duration", "duration in months"),
        finds="months",
        compare=True,
        card=True,
        noted=True,
    ),
    Fact(
        "terms",
        "Terms",
        "study",
        terms,
        coverage=(5, "terms", "full-time terms"),
        finds="terms",
        noted=True,
    ),
    Fact(
        "credits",
        "Credits",
        "study",
        credits,
        json=(("credits", _pick("amount", "unit")),),
        columns=(Column("credits", "Credits", credits),),
        coverage=(2, "credits", "credits required"),
        finds="number",
        compare=True,
        card=True,
        noted=True,
    ),
    Fact(
        "delivery",
        "Delivery",
        "study",
        delivery,
        json=(("delivery", lambda f: list(f["modes"])),),
        columns=(Column("delivery", "Delivery", delivery),),
        coverage=(7, "delivery", "delivery"),
        finds="delivery",
        compare=True,
        card=True,
        noted=True,
    ),
    Fact(
        "part_time",
        "Part-time",
        "study",
        part_time,
        json=(("part_time", lambda f: f["allowed"]),),
        columns=(Column("part-time", "Part-time", part_time),),
        coverage=(8, "part_time", "part-time rule"),
        finds="part_time",
    ),
    Fact("start_terms", "Starts", "study", start_terms, finds="start_terms"),
    Fact(
        "thesis",
        "Thesis",
        "study",
        thesis,
        coverage=(12, "thesis", "thesis option"),
        finds="thesis",
    ),
    Fact(
        "tuition",
        "Tuition",
        "cost",
        tuition,
        coverage=(3, "tuition", "dated tuition price"),
        finds="money",
        card=True,
        noted=True,
        price=True,
    ),
    Fact(
        "fees",
        "Fees",
        "cost",
        fees,
        coverage=(4, "fees", "mandatory fees"),
        finds="money",
        card=True,
        noted=True,
        price=True,
    ),
    Fact(
        "funding",
        "Funding",
        "cost",
        funding,
        compare=True,
        card=True,
        only_known=True,
        absent="none recorded",
    ),
    Fact(
        "stem",
        "STEM (OPT)",
        "admission",
        stem,
        json=(
            ("stem", lambda f: f["stem"] if f.get("basis") != "inferred" else None),
            ("stem_status", _stem_status_json),
            ("stem_basis", lambda f: f.get("basis", "stated")),
        ),
        brief=stem_brief,
        columns=(Column("stem", "STEM", stem_status),),
        coverage=(9, "stem", "STEM status"),
        finds="stem",
        compare=True,
        card=True,
    ),
    Fact(
        "cip",
        "Field of study",
        "admission",
        cip,
        json=(("field", _cip_json),),
        brief=cip_brief,
        columns=(
            Column("field", "Field", lambda p: p["cip"]["code"] if p["cip"] else UNKNOWN_TEXT),
        ),
        coverage=(1, "cip", "field of study (CIP code)"),
        finds="cip",
        compare=True,
        noted=True,
        card=True,
    ),
    Fact(
        "gre",
        "GRE",
        "admission",
        gre,
        json=(("gre", _pick("policy", "cycle")),),
        columns=(Column("gre", "GRE", lambda p: gre(p).split(" (")[0]),),
        coverage=(10, "gre", "GRE policy"),
        finds="gre",
        compare=True,
        card=True,
    ),
    Fact(
        "deadline",
        "Deadline",
        "admission",
        deadline,
        json=(("deadline", _pick("date", "cycle")),),
        columns=(Column("deadline", "Deadline", deadline_short),),
        coverage=(11, "deadline", "application deadline"),
        finds="date",
        compare=True,
        card=True,
    ),
    Fact(
        "outcomes",
        "Published outcomes",
        "outcomes",
        outcomes,
        coverage=(13, "outcomes", "published outcomes"),
        finds="outcomes",
    ),
    Fact(
        "earnings",
        "Graduate earnings",
        "outcomes",
        earnings,
        json=(("earnings", _earnings_json),),
        brief=earnings_brief,
        columns=(
            Column("earnings", "Earnings 1 yr", earnings_short),
            Column("debt", "Debt", debt_short),
        ),
        coverage=(14, "earnings", "Scorecard row for the field (figure or not published)"),
        compare=True,
        card=True,
        noted=True,
    ),
    Fact(
        "specializations",
        "Tracks",
        "evidence",
        tracks,
        coverage=(0, "tracks", "sourced track list"),
        finds="tracks",
        show=False,
        compare=True,
    ),
    Fact(
        "faculty",
        "AI research",
        "evidence",
        faculty,
        finds="institution",
        show=False,
        compare=True,
    ),
    Fact("article", "Seed article", "evidence", article, show=False),
)

BY_NAME: Final[dict[str, Fact]] = {fact.name: fact for fact in FACTS}
#: Every fact's Program key, in declaration order.
FACT_NAMES: Final[tuple[str, ...]] = tuple(BY_NAME)
#: Facts that are prices: they need a dated source.
PRICE_NAMES: Final[tuple[str, ...]] = tuple(f.name for f in FACTS if f.price)
#: Program keys that are not facts: who and where the program is, lists of evidence, sources.
IDENTITY: Final = ("id", "aliases", "university", "name", "degree", "department", "city")
PLACE: Final = ("state", "region", "url", "checked")
#: Lists whose items cite sources one by one (an empty list is "no evidence").
LISTS: Final = ("topics", "industry", "notes")
OTHER: Final = ("course_list", "sources")
NOT_FACTS: Final[tuple[str, ...]] = (*IDENTITY, *PLACE, *LISTS, *OTHER)

#: ``rank --facts`` columns the registry declares, by the name a user types.
COLUMNS: Final[dict[str, Column]] = {c.name: c for f in FACTS for c in f.columns}
#: The fact each ``--facts`` column shows.
FACT_OF_COLUMN: Final[dict[str, str]] = {c.name: f.name for f in FACTS for c in f.columns}


#: What a source's kind says of the facts resting on it, unless a fact says otherwise.
KIND_BASIS: Final = {"dataset": "reported", "secondary": "secondary"}


def basis_of(value: Any, sources: Sources) -> str:
    """stated, reported, inferred or secondary: the fact's own word, else its source's kind
    (a university page and a faithful copy of one state; a dataset reports)."""
    if not isinstance(value, Mapping):
        return "stated"
    if "basis" in value:
        return str(value["basis"])
    source = sources.get(str(value.get("source", "")))
    kind = "official" if source is None else source.get("kind", "official")
    return KIND_BASIS.get(kind, "stated")


def doubt(program: Program, name: str, sources: Sources | None = None) -> str | None:
    """Why a known fact cannot settle a filter for certain: 'disputed', 'likely' (STEM from the
    field), 'inferred' or 'secondary only'; None when it can."""
    value = program.get(name)
    if not isinstance(value, Mapping):
        return None
    if value.get("disputed"):
        return "disputed"
    basis = basis_of(value, sources or {})
    if name == "stem" and basis == "inferred":
        return "likely"
    return {"inferred": "inferred", "secondary": "secondary only"}.get(basis)


def qualifiers(program: Program, name: str, sources: Sources | None = None) -> list[str]:
    """What a view says beside a fact's phrase: its basis when it is not a statement, the part
    that is inferred, and every other source's value ('disputed: ...')."""
    value = program.get(name)
    if not isinstance(value, Mapping):
        return []
    said: list[str] = []
    basis = basis_of(value, sources or {})
    # The STEM and field phrases say their basis themselves ("likely", "(inferred; ...)").
    if basis in ("inferred", "secondary") and name not in ("stem", "cip"):
        said.append(BASIS_TEXT[basis])
    if "inferred" in value:
        said.append(f"partly inferred: {value['inferred']}")
    said += [f"disputed: another source says {d['says']}" for d in value.get("disputed", [])]
    return said


def described(program: Program, name: str, sources: Sources | None = None) -> str:
    """The phrase with its qualifiers: every view that shows a fact in words uses this."""
    text = BY_NAME[name].phrase(program, sources or {})
    extra = qualifiers(program, name, sources)
    return f"{text} ({'; '.join(extra)})" if extra else text


def records(program: Program) -> Iterator[tuple[str, Any]]:
    """(JSON key, value) of every fact with a JSON shape, ``None`` for unknown."""
    for fact in FACTS:
        value = program.get(fact.name)
        for key, shape in fact.json:
            yield key, None if value is None else shape(value)


def shown(where: Literal["show", "compare", "card"], section: Section | None = None) -> list[Fact]:
    """The facts a view shows, in order (within ``section`` if given)."""
    return [f for f in FACTS if getattr(f, where) and (section is None or f.section == section)]
