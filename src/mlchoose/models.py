"""Pydantic models of the catalog: the one place that says what a valid catalog file is.

Every fact names a source by key; the key resolves to a :class:`Source` of the program or of the
catalog (shared sources such as the faculty table). A fact nobody could source is ``unknown``
(``None`` here), never a guessed value.

Models are frozen and ``defer_build``: their validators are built only when a file is validated,
so that a cached catalog can be unpickled without that cost (see ``catalog.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from mlchoose.vocab import (
    Delivery,
    EvidenceLevel,
    IndustryKind,
    Region,
    SourceKind,
    Topic,
    TuitionPeriod,
)

#: The text a catalog author writes for a fact no source could give.
UNKNOWN = "unknown"


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


def _unknown_to_none(value: Any) -> Any:
    return None if value == UNKNOWN else value


def _year_to_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_check_url)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
SourceKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+([-_][a-z0-9]+)*$", max_length=60)]
#: The year a source's facts refer to: ``2025``, an academic year ``2025-26``, or ``undated``.
Year = Annotated[
    str,
    BeforeValidator(_year_to_text),
    StringConstraints(pattern=r"^(\d{4}(-(\d{2}|\d{4}))?|undated)$"),
]
Unknown = BeforeValidator(_unknown_to_none)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Source(_Model):
    """A page that facts rest on, and the year those facts refer to."""

    url: Url
    year: Year
    kind: SourceKind = "official"
    title: Text | None = None
    note: Text | None = None

    @property
    def dated(self) -> bool:
        return self.year != "undated"


class _Fact(_Model):
    source: SourceKey
    note: Text | None = None


class DeliveryFact(_Fact):
    modes: Annotated[list[Delivery], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique(self) -> DeliveryFact:
        if len(set(self.modes)) != len(self.modes):
            raise ValueError("delivery modes repeat")
        return self


class DurationFact(_Fact):
    """Full-time length in months, as a range when the program gives one."""

    months_min: Annotated[int, Field(gt=0, le=120)]
    months_max: Annotated[int, Field(gt=0, le=120)]

    @model_validator(mode="after")
    def _ordered(self) -> DurationFact:
        if self.months_min > self.months_max:
            raise ValueError("months_min is larger than months_max")
        return self


class TuitionFact(_Fact):
    """A published price: its year is the year of its source, which must be dated."""

    amount_usd: Annotated[float, Field(gt=0, le=1_000_000, allow_inf_nan=False)]
    per: TuitionPeriod


class TopicEvidence(_Fact):
    """A topic of the fixed vocabulary, the course that teaches it, and how binding that is."""

    topic: Topic
    evidence: EvidenceLevel
    course: Text


class Specializations(_Fact):
    """Named tracks, concentrations or specializations; an empty list means "none offered"."""

    tracks: list[Text]


class FacultyEvidence(_Fact):
    """Research faculty in AI for the whole institution, from the CSRankings 2017 table."""

    institution: Text
    window: Literal["2008-2017"] = "2008-2017"
    ai_faculty: Annotated[int, Field(ge=0)]
    ai_adjusted_pubs: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    robotics_adjusted_pubs: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    ai_rank_us: Annotated[int, Field(ge=1)]


class IndustryItem(_Fact):
    """One typed piece of evidence of industry ties (internship, partners, placement, ...)."""

    kind: IndustryKind
    detail: Text


class ArticleCheck(_Fact):
    """What the seed article claims about this program and what the sources say instead."""

    claim: Text
    correction: Text


class Note(_Model):
    text: Text
    source: SourceKey | None = None


class Program(_Model):
    """One master's program and every fact the catalog knows about it."""

    id: Slug
    aliases: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]] = []
    university: Text
    name: Text
    degree: Text
    department: Text
    city: Text
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    region: Region
    url: Url
    checked: Annotated[dt.date, Field(strict=False)]
    delivery: Annotated[DeliveryFact | None, Unknown] = None
    duration: Annotated[DurationFact | None, Unknown] = None
    tuition: Annotated[TuitionFact | None, Unknown] = None
    course_list: Literal["complete", "partial", "unknown"] = "unknown"
    topics: list[TopicEvidence] = []
    specializations: Annotated[Specializations | None, Unknown] = None
    faculty: Annotated[FacultyEvidence | None, Unknown] = None
    industry: list[IndustryItem] = []
    article: ArticleCheck | None = None
    notes: list[Note] = []
    sources: dict[SourceKey, Source] = {}

    def cited(self) -> Iterator[tuple[str, str]]:
        """Each (field path, source key) this program cites, for reference checks."""
        for name in ("delivery", "duration", "tuition", "specializations", "faculty", "article"):
            fact = getattr(self, name)
            if fact is not None:
                yield name, fact.source
        for name in ("topics", "industry", "notes"):
            for i, item in enumerate(getattr(self, name)):
                if item.source is not None:
                    yield f"{name}.{i}", item.source

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that finds this program: its id and its aliases."""
        return (self.id, *self.aliases)


class Catalog(_Model):
    """A catalog file: shared sources and the programs; ids and aliases are unique across it."""

    sources: dict[SourceKey, Source] = {}
    programs: Annotated[list[Program], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Catalog:
        """Cross-program rules; a ``problems`` list in the context collects instead of raising."""
        problems = self.problems()
        sink = info.context.get("problems") if isinstance(info.context, dict) else None
        if isinstance(sink, list):
            sink.extend(problems)
        elif problems:
            raise ValueError("; ".join(f"{where}: {message}" for _, where, message in problems))
        return self

    def problems(self) -> list[tuple[int, str, str]]:
        """(program index, field path, message) for every broken cross-program rule."""
        problems: list[tuple[int, str, str]] = []
        owner: dict[str, str] = {}
        for index, program in enumerate(self.programs):
            where = f"program {program.id!r}"
            for pos, name in enumerate(program.names):
                field = "id" if pos == 0 else f"aliases.{pos - 1}"
                if name in owner:
                    problems.append(
                        (index, field, f"{where}: {name!r} is already used by {owner[name]!r}")
                    )
                else:
                    owner[name] = program.id
            known = self.sources.keys() | program.sources.keys()
            for field, key in program.cited():
                if key not in known:
                    problems.append(
                        (index, field, f"{where}: {field} cites unknown source {key!r}")
                    )
            for key in sorted(program.sources.keys() & self.sources.keys()):
                problems.append(
                    (index, f"sources.{key}", f"{where}: source {key!r} shadows a catalog source")
                )
            tuition = program.tuition
            if (
                tuition is not None
                and tuition.source in known
                and not self.source(program, tuition.source).dated
            ):
                problems.append(
                    (
                        index,
                        "tuition",
                        f"{where}: tuition cites an undated source; a price needs its year",
                    )
                )
        return problems

    def source(self, program: Program, key: str) -> Source:
        """The source a program's fact cites: the program's own, else the catalog's shared one."""
        return program.sources.get(key) or self.sources[key]

    def sources_of(self, program: Program) -> dict[str, Source]:
        """All sources a program may cite, shared ones first."""
        return {**self.sources, **program.sources}
