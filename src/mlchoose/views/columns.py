"""The ranking's columns, declared once: the terminal table, ``rank --format markdown``, CSV,
the Markdown report and the HTML report render this one list.

A column has a key, its headers (the terminal's narrow one and the full one), its cell as text,
the group it is dropped with when a terminal is too narrow, and the CSV fields it fills. A
format takes the columns that name it; nothing else about a column is decided per format.
Plain text only: the terminal adds its styles and bars itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from mlchoose.data import registry
from mlchoose.views import facts
from mlchoose.views.labels import HEADINGS, TERSE
from mlchoose.views.legends import DOMINATED
from mlchoose.views.records import SCORE_DIGITS, TOTAL_DIGITS
from mlchoose.views.segments import segments
from mlchoose.vocab import CRITERIA, Criterion

if TYPE_CHECKING:
    from mlchoose.core.ranking import ProgramResult

Format = Literal["table", "markdown", "csv", "report", "html"]
EVERY: Final[frozenset[Format]] = frozenset({"table", "markdown", "csv", "report", "html"})

#: The order in which the terminal drops columns that do not fit (documented in the README):
#: the University (the id names the school), the Region (the Reg score says how well it fits),
#: the default Cost column, the bars, the score columns (least-weighted criterion first), the
#: evidence share, the fact columns asked for with ``--facts`` (last asked first), and last
#: what is in question for a program that could pass. The rank, the program id and the total
#: are always shown.
DROP_ORDER: Final = ("university", "region", "cost", "bars", "scores", "evid", "facts", "doubt")

Cell = Callable[["ProgramResult"], str]


class RankColumn(NamedTuple):
    key: str
    #: The header of Markdown, HTML and the report; ``narrow`` is the terminal's.
    header: str
    narrow: str
    cell: Cell
    #: The drop group (one of DROP_ORDER); None: never dropped.
    drop: str | None = None
    right: bool = False
    wrap: bool = False
    #: CSV fields and their machine values (CSV keeps its released layout of 1.0).
    csv: tuple[tuple[str, Callable[[ProgramResult], Any]], ...] = ()
    formats: frozenset[Format] = EVERY
    #: Shown in the terminal only when no ``--facts`` are asked for.
    default: bool = False
    #: The terminal's cell where it differs: one line, never wrapped (the cost).
    line: Cell | None = None


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def points(result: ProgramResult) -> str:
    """'curriculum 12.0, faculty ~8.1': the points each criterion adds, as text."""
    return ", ".join(
        f"{p.criterion} {facts.points(p.points, p.stand_in)}" for p in segments(result)
    )


def cost_cell(result: ProgramResult) -> str:
    return facts.cost(result.cost) + (" (funded)" if result.program["funding"] else "")


def cost_line(result: ProgramResult) -> str:
    """The terminal's cost cell: one short line (see facts.cost_thousands)."""
    return facts.cost_thousands(result.cost) + (" (funded)" if result.program["funding"] else "")


#: ``rank --facts`` columns beyond the registry's: computed from several facts.
COMPUTED: Final[dict[str, tuple[str, Cell]]] = {"cost": ("Cost", cost_cell)}


def fact_names() -> list[str]:
    """Every name ``rank --facts`` takes, in the order the help lists them."""
    return [*COMPUTED, *registry.COLUMNS]


def _fact_column(name: str) -> RankColumn:
    if name in COMPUTED:
        header, cell = COMPUTED[name]
    else:
        column = registry.COLUMNS[name]
        header, cell = column.header, _marked(column)
    return RankColumn(
        f"fact:{name}",
        header,
        header,
        cell,
        drop="facts",
        right=True,
        wrap=True,
        csv=((name, cell),),
        formats=frozenset({"table", "markdown", "csv"}),
        line=cost_line if name == "cost" else None,
    )


def _marked(column: registry.Column) -> Cell:
    """A fact's short cell, marked when its sources disagree ("25 (disputed)")."""

    def cell(result: ProgramResult) -> str:
        text = column.cell(result.program)
        value = result.program.get(registry.FACT_OF_COLUMN[column.name])
        disputed = isinstance(value, dict) and value.get("disputed")
        return f"{text} (disputed)" if disputed and text != "disputed" else text

    return cell


def ranking_columns(
    asked: Sequence[str] = (),
    dominated: Mapping[str, str] | None = None,
    *,
    ranges: bool = True,
    criteria: Sequence[Criterion] = CRITERIA,
    doubts: Mapping[str, tuple[str, ...]] | None = None,
) -> list[RankColumn]:
    """Every column of the ranking, in order; ``asked``: the ``--facts`` names (checked by the
    command line); ``ranges``: totals show their range (the terminal's room decides);
    ``doubts``: with filters, each program's facts in question (a could-pass column)."""
    marked = dominated or {}

    def rank(r: ProgramResult) -> str:
        return str(r.rank) + (DOMINATED if r.program["id"] in marked else "")

    def total(r: ProgramResult) -> str:
        return facts.total_range(r.total, r.total_range if ranges else None)

    cols = [
        RankColumn("rank", "#", "#", rank, right=True, csv=(("rank", lambda r: r.rank),)),
        RankColumn(
            "program",
            "Program",
            "Program",
            lambda r: r.program["id"],
            csv=(("id", lambda r: r.program["id"]), ("name", lambda r: r.program["name"])),
        ),
        RankColumn(
            "university",
            "University",
            "University",
            lambda r: r.program["university"],
            drop="university",
            csv=(("university", lambda r: r.program["university"]),),
        ),
        RankColumn(
            "region",
            "Region",
            "Region",
            lambda r: r.program["region"],
            drop="region",
            csv=(("region", lambda r: r.program["region"]),),
        ),
        RankColumn(
            "total",
            "Total",
            "Total",
            total,
            right=True,
            # CSV's released layout puts the evidence share beside the total.
            csv=(
                ("total", lambda r: _round(r.total, TOTAL_DIGITS)),
                ("coverage", lambda r: round(r.coverage, SCORE_DIGITS)),
            ),
        ),
    ]
    cols += [
        RankColumn(
            f"score:{c}",
            HEADINGS[c],
            TERSE[c],
            lambda r, c=c: facts.score_of(r.scores[c]),  # type: ignore[misc]
            drop="scores",
            right=True,
            csv=((f"score_{c}", lambda r, c=c: _round(r.scores[c].score, SCORE_DIGITS)),),  # type: ignore[misc]
        )
        for c in criteria
    ]
    cols += [
        RankColumn(
            "evid",
            "Evidence",
            "Evid.",
            lambda r: facts.percent(r.coverage),
            drop="evid",
            right=True,
        ),
        RankColumn(
            "cost",
            "Cost",
            "Cost",
            cost_cell,
            drop="cost",
            right=True,
            wrap=True,
            csv=(("cost_low_usd", lambda r: r.cost.low), ("cost_high_usd", lambda r: r.cost.high)),
            formats=frozenset({"table", "csv", "report", "html"}),
            default=True,
            line=cost_line,
        ),
        RankColumn(
            "bars",
            "Points by criterion",
            "Points by criterion",
            points,
            drop="bars",
            wrap=True,
            formats=frozenset({"table", "report"}),
            default=True,
        ),
    ]
    cols += [_fact_column(name) for name in asked]
    if doubts is not None:
        cols.append(_doubt_column(doubts))
    return cols


def _doubt_column(doubts: Mapping[str, tuple[str, ...]]) -> RankColumn:
    """What keeps a program from passing the filters for certain ("total cost unknown")."""

    def cell(result: ProgramResult) -> str:
        return "; ".join(doubts.get(result.program["id"], ()))

    def status(result: ProgramResult) -> str:
        return "could_pass" if result.program["id"] in doubts else "passes"

    return RankColumn(
        "doubt",
        "In question",
        "In question",
        cell,
        drop="doubt",
        wrap=True,
        csv=(("filter", status), ("in_question", cell)),
        formats=frozenset({"table", "markdown", "csv"}),
    )


def for_format(
    cols: Sequence[RankColumn], form: Format, asked: Sequence[str] = ()
) -> list[RankColumn]:
    """The columns a format shows: the terminal leaves the default columns out when the user
    named the fact columns they want."""
    return [
        col
        for col in cols
        if form in col.formats and not (form == "table" and col.default and asked)
    ]


def csv_fields(cols: Sequence[RankColumn]) -> list[str]:
    return [name for col in cols for name, _ in col.csv]


def csv_row(cols: Sequence[RankColumn], result: ProgramResult) -> dict[str, Any]:
    return {name: value(result) for col in cols for name, value in col.csv}
