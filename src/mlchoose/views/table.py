"""The ranking table and the catalog's listings: ``rank``, ``list``, ``stats``, ``profile``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mlchoose.data import registry
from mlchoose.views import bars, columns, facts
from mlchoose.views.fit import (
    COMPACT,
    PROSE,
    RANGES,
    RANK_BAR,
    Col,
    Fitted,
    column_widths,
    dim,
    fit,
    note_lines,
    score_cell,
    weights_line,
)
from mlchoose.views.labels import NAMES
from mlchoose.views.labels import TERSE as SHORT
from mlchoose.views.legends import (
    DOMINATED_LEGEND,
    ESTIMATE_LEGEND,
    NEUTRAL_LEGEND,
    RANGE_LEGEND,
    SCORES_LEGEND,
    cost_legend,
    evidence_legend,
    unknown_legend,
)
from mlchoose.vocab import Criterion, criteria_of

if TYPE_CHECKING:
    from mlchoose.core.coverage import Coverage
    from mlchoose.core.ranking import ProgramResult, Ranking
    from mlchoose.data.models import Program
    from mlchoose.user.profiles import Profile

#: Rows a table shows when no --top is given (``rank``, ``list``); the rest are counted in a note.
TABLE_ROWS = 100


def _score_drop(weights: Mapping[Criterion, float]) -> list[str]:
    """Score columns, least-weighted first (a tie: the later criterion first)."""
    criteria = criteria_of(weights)
    order = sorted(criteria, key=lambda c: (weights[c], -criteria.index(c)))
    return [f"score:{c}" for c in order]


def ranking(
    result: Ranking,
    width: int,
    fact_columns: Sequence[str] | None = None,
    dominated: Mapping[str, str] | None = None,
) -> RenderableType:
    """The ranked table, laid out for the width it is printed at (at most ``width``).

    ``fact_columns`` (names of ``rank --facts``) are kept before the score columns; without
    them the table offers the cost and a bar of the points each criterion adds, room permitting.
    """
    marked = dominated or {}
    parts: list[RenderableType] = []
    if result.results:
        in_question = {r.program["id"] for r in result.results} & set(result.doubts)
        doubts = {i: result.doubts[i] for i in in_question} if in_question else None
        parts.append(
            Fitted(lambda room: _ranking(result, room, fact_columns, marked, doubts), width)
        )
    elif result.could:
        parts.append(Text("No program passes these filters for certain.", style="bold"))
    else:  # filters left nothing: say so, with what they dropped
        parts.append(Text("No program passes these filters.", style="bold"))
    if result.could:
        could = result._replace(results=result.could, notes=())
        count = len(result.could)
        title = (
            f"Could pass: {count} program{'s' if count != 1 else ''} (a deciding fact is "
            "unknown, disputed or only likely; see 'In question')"
        )
        said = bool(result.results)  # the ranking above has given the legends
        parts.append(
            Fitted(
                lambda room: _ranking(
                    could, room, fact_columns, marked, dict(result.doubts), title, legends=not said
                ),
                width,
            )
        )
    parts += note_lines(result.notes)
    return Group(*parts)


def _ranking(
    result: Ranking,
    width: int,
    fact_columns: Sequence[str] | None,
    dominated: Mapping[str, str],
    doubts: Mapping[str, tuple[str, ...]] | None = None,
    heading: str | None = None,
    *,
    legends: bool = True,
) -> RenderableType:
    shown = len(result.results)
    noun = "program" if result.size == 1 else "programs"
    title = f"{shown} of {result.size} {noun}" if shown < result.size else f"{shown} {noun}"
    asked = list(fact_columns or [])
    scale = bars.ranking_scale(result.results)
    rows = result.results
    ranges = width >= RANGES
    totals = [facts.total_range(r.total, r.total_range if ranges else None) for r in rows]
    cols = _ranking_columns(rows, totals, dominated, fact_columns, scale, result.weights, doubts)
    drop: list[str] = []
    for key in columns.DROP_ORDER:
        if key == "scores":
            drop += _score_drop(result.weights)
        elif key == "facts":
            drop += [f"fact:{name}" for name in reversed(asked)]
        else:
            drop.append(key)
    table, dropped = fit(
        cols, drop, width, title=heading or f"Ranking: {title}", title_justify="left", **COMPACT
    )
    kept = {col.key for col in cols} - set(dropped)
    legend: list[RenderableType] = []
    if "bars" in kept:
        legend.append(bars.Legend(bars.weighted(result.weights), scale))
    left_out = [name for name in asked if f"fact:{name}" in dropped]
    narrow = (
        [dim(f"Too narrow for: {', '.join(left_out)} (see --format json).")] if left_out else []
    )
    legend += narrow
    if any(r.program["id"] in dominated for r in rows):
        legend.append(dim(DOMINATED_LEGEND))
    if kept & {"cost", "fact:cost"} and any(r.cost.known for r in rows):
        fees = any(r.cost.known and not r.cost.fees_included for r in rows)
        old = sorted(y for r in rows if r.cost.known for y in facts.stale_years(r.cost.years))
        narrow.append(dim(cost_legend(fees=fees, year=old[0] if old else None)))
        legend.append(narrow[-1])
    legend.append(weights_line(result.weights))
    scores = [c for c in criteria_of(result.weights) if f"score:{c}" in kept]
    explained = _columns_legend(
        scores,
        unknown=any(
            r.scores[c].score is None and not facts.neutral(r.scores[c])
            for r in rows
            for c in scores
        ),
        neutral=any(facts.neutral(r.scores[c]) for r in rows for c in scores),
        estimate=any(facts.estimated(r.scores[c]) for r in rows for c in scores),
        evidence="evid" in kept,
        ranges=any("(" in total for total in totals),
    )
    if explained:
        legend.append(dim(explained))
    if not legends:  # the could-pass table under a ranking that has said all this
        return Group(table, *narrow)
    return Group(table, *legend)


def _ranking_columns(
    rows: Sequence[ProgramResult],
    totals: Sequence[str],
    dominated: Mapping[str, str],
    fact_columns: Sequence[str] | None,
    scale: float,
    weights: Mapping[Criterion, float],
    doubts: Mapping[str, tuple[str, ...]] | None = None,
) -> list[Col]:
    """Every column the ranking could show, in order (views.columns declares them); ``fit``
    drops what does not fit."""
    asked = list(fact_columns or [])
    declared = columns.for_format(
        columns.ranking_columns(asked, dominated, criteria=criteria_of(weights), doubts=doubts),
        "table",
        asked,
    )
    cols = []
    for col in declared:
        cells: list[RenderableType]
        if col.key == "total":
            cells = list(totals)
        elif col.key.startswith("score:"):
            criterion = col.key.removeprefix("score:")
            cells = [score_cell(r.scores[criterion]) for r in rows]  # type: ignore[index]
        elif col.key == "bars":
            cells = [bars.StackedBar.of(r, scale) for r in rows]
        else:
            cells = [(col.line or col.cell)(r) for r in rows]
        cols.append(
            Col(
                col.key,
                col.narrow,
                cells,
                "right" if col.right else "left",
                wrap=col.wrap and col.line is None,
                style="bold" if col.key == "total" else "",
                least=RANK_BAR if col.key == "bars" else _least(col.key, cells),
            )
        )
    return cols


#: Widest a could-pass column needs to keep each fact in question on one line ("cost spans the
#: limit"); narrower, its words wrap.
DOUBT_LINE = 24


def _least(key: str, cells: Sequence[RenderableType]) -> int | None:
    """The could-pass column keeps a phrase whole where it can: its least width is its longest
    phrase (at most DOUBT_LINE); other columns take their own measure."""
    if key != "doubt":
        return None
    phrases = [part for cell in cells if isinstance(cell, str) for part in cell.split("; ")]
    return min(DOUBT_LINE, max((len(p) for p in phrases), default=0)) or None


def _columns_legend(
    scores: Sequence[Criterion],
    *,
    unknown: bool,
    evidence: bool,
    ranges: bool = False,
    neutral: bool = False,
    estimate: bool = False,
) -> str:
    """What the score, evidence and total columns shown mean, and nothing else."""
    parts = []
    if scores:
        parts.append(
            SCORES_LEGEND + ", ".join(f"{SHORT[c]} {NAMES[c].lower()}" for c in scores) + "."
        )
        if unknown:
            parts.append(unknown_legend())
        if estimate:
            parts.append(ESTIMATE_LEGEND)
        if neutral:
            parts.append(NEUTRAL_LEGEND)
    if evidence:
        parts.append(evidence_legend("Evid."))
    if ranges:
        parts.append(RANGE_LEGEND)
    return " ".join(parts)


#: The order in which ``list`` drops columns that do not fit: the University, the program's
#: name, the aliases, the delivery, the region. The id is always shown.
LIST_DROP = ("university", "name", "aliases", "delivery", "region")


def listing(programs: Iterable[Program], width: int) -> RenderableType:
    found = list(programs)
    return Fitted(lambda room: _listing(found, room), width)


def _listing(programs: Sequence[Program], width: int) -> RenderableType:
    cols = [
        Col("id", "Id", [p["id"] for p in programs]),
        Col("aliases", "Aliases", [" ".join(p["aliases"]) for p in programs], wrap=True),
        Col("region", "Region", [p["region"] for p in programs]),
        Col("delivery", "Delivery", [registry.delivery(p) for p in programs], wrap=True),
        Col("university", "University", [p["university"] for p in programs], wrap=True),
        Col("name", "Program", [p["name"] for p in programs], wrap=True),
    ]
    table, _ = fit(cols, LIST_DROP, width, **COMPACT)
    return table


def coverage(rows: Iterable[Coverage]) -> RenderableType:
    table = Table(title="Evidence coverage", title_justify="left", **COMPACT)
    table.add_column("What")
    table.add_column("Programs", justify="right")
    table.add_column("Share", justify="right")
    for row in rows:
        table.add_row(row.label, f"{row.known} of {row.total}", facts.percent(row.share))
    return table


def profiles(found: Iterable[Profile]) -> RenderableType:
    """Profiles and their weights; the reasons beside them when there is room, else under them,
    and one line per profile when even the weights do not fit side by side."""
    chosen = list(found)
    return Fitted(lambda width: _profiles(chosen, width))


def _profiles(found: Sequence[Profile], width: int) -> RenderableType:
    names = [p.name + ("" if p.builtin else " (saved)") for p in found]
    whys = [_profile_why(p) for p in found]
    # As given and, in brackets, normalised (the share each weight is of the profile's total).
    shown = criteria_of({c: 0 for p in found for c in p.weights})
    weights = {
        c: [
            f"{p.weights.get(c, 0):.3g} ({facts.percent(p.weights.get(c, 0) / _total(p))})"
            for p in found
        ]
        for c in shown
    }
    cols = [Col("name", "Profile", names)]
    cols += [Col(c, SHORT[c], weights[c], "right") for c in shown]
    cols.append(Col("why", "Why", whys, wrap=True, least=PROSE))
    if column_widths(cols, width, COMPACT) is not None:
        return fit(cols, (), width, **COMPACT)[0]
    lines: list[RenderableType] = []
    if column_widths(cols[:-1], width, COMPACT) is not None:
        lines.append(fit(cols[:-1], (), width, **COMPACT)[0])
        blocks = [
            Text.assemble((name, "bold"), ": ", why) for name, why in zip(names, whys, strict=True)
        ]
    else:
        blocks = []
        for index, name in enumerate(names):
            said = ", ".join(f"{c} {weights[c][index]}" for c in shown)
            blocks.append(Text.assemble((name, "bold"), f": {said}. ", whys[index]))
    return Group(*lines, *blocks)


def _total(p: Profile) -> float:
    return sum(p.weights.values()) or 1.0


def _profile_why(p: Profile) -> str:
    extra = []
    if p.regions:
        extra.append(f"regions: {', '.join(p.regions)}")
    if p.interests:
        extra.append(f"interests: {', '.join(p.interests)}")
    return "; ".join([p.rationale, *extra]) if p.rationale else "; ".join(extra)
