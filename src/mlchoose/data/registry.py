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
    #: Its key and value in the ``facts`` object of ``rank``/``show``/``compare`` JSON.
    json: tuple[str, Callable[[Any], Any]] | None = None
    column: Column | None = None
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


def stem(program: Program, sources: Sources | None = None) -> str:
    """'yes (CIP 11.0701, on the DHS STEM list)', or the school's own word."""
    fact = program["stem"]
    if fact is not None and "cip" in fact and program.get("cip") is not None:
        listed = "on the DHS STEM list" if fact["stem"] else "not on the DHS STEM list"
        return f"{yes_no(fact['stem'])} (CIP {fact['cip']}, {listed})"
    if fact is None:
        return UNKNOWN_TEXT
    cip = f" (CIP {fact['cip']})" if "cip" in fact else ""
    return yes_no(fact["stem"]) + cip


def cip(program: Program, sources: Sources | None = None) -> str:
    fact = program["cip"]
    return UNKNOWN_TEXT if fact is None else f"CIP {fact['code']}"


def gre(program: Program, sources: Sources | None = None) -> str:
    fact = program["gre"]
    return UNKNOWN_TEXT if fact is None else f"{fact['policy']} ({fact['cycle']})"


def deadline(program: Program, sources: Sources | None = None, today: dt.date | None = None) -> str:
    """The date and its admission cycle; a date already passed says so (an old cycle)."""
    fact = program["deadline"]
    if fact is None:
        return UNKNOWN_TEXT
    past = _passed(fact["date"], today)
    return f"{fact['date']} ({fact['cycle']}{', past cycle' if past else ''})"


def deadline_short(program: Program, today: dt.date | None = None) -> str:
    """The date alone, marked when its cycle has passed (for a table column)."""
    fact = program["deadline"]
    if fact is None:
        return UNKNOWN_TEXT
    return f"{fact['date']} past" if _passed(fact["date"], today) else fact["date"]


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
        json=("duration_months", lambda f: {"min": f["months_min"], "max": f["months_max"]}),
        column=Column("months", "Months", lambda p: duration(p).removesuffix(" months")),
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
        json=("credits", _pick("amount", "unit")),
        column=Column("credits", "Credits", credits),
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
        json=("delivery", lambda f: list(f["modes"])),
        column=Column("delivery", "Delivery", delivery),
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
        json=("part_time", lambda f: f["allowed"]),
        column=Column("part-time", "Part-time", part_time),
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
        json=("stem", lambda f: f["stem"]),
        column=Column("stem", "STEM", stem),
        coverage=(9, "stem", "STEM status"),
        finds="stem",
        compare=True,
        card=True,
    ),
    Fact(
        "cip",
        "CIP code",
        "admission",
        cip,
        finds="cip",
        show=False,
        coverage=(1, "cip", "CIP code"),
    ),
    Fact(
        "gre",
        "GRE",
        "admission",
        gre,
        json=("gre", _pick("policy", "cycle")),
        column=Column("gre", "GRE", lambda p: gre(p).split(" (")[0]),
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
        json=("deadline", _pick("date", "cycle")),
        column=Column("deadline", "Deadline", deadline_short),
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
COLUMNS: Final[dict[str, Column]] = {f.column.name: f.column for f in FACTS if f.column}


def phrase(program: Program, name: str, sources: Sources | None = None) -> str:
    """A fact as a person reads it."""
    fact = BY_NAME[name]
    return fact.phrase(program, sources or {})


def records(program: Program) -> Iterator[tuple[str, Any]]:
    """(JSON key, value) of every fact with a JSON shape, ``None`` for unknown."""
    for fact in FACTS:
        if fact.json is not None:
            key, shape = fact.json
            value = program.get(fact.name)
            yield key, None if value is None else shape(value)


def shown(where: Literal["show", "compare", "card"], section: Section | None = None) -> list[Fact]:
    """The facts a view shows, in order (within ``section`` if given)."""
    return [f for f in FACTS if getattr(f, where) and (section is None or f.section == section)]
