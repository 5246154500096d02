"""``compare``, its tipping table and ``rank --robust``: programs side by side, what would tip
the order, and how sure it is."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mlchoose.data import registry
from mlchoose.views import bars, facts
from mlchoose.views.fit import (
    BEST_STYLE,
    COMPACT,
    Col,
    Fitted,
    column_widths,
    dim,
    fit,
    note_lines,
    weights_line,
)
from mlchoose.views.legends import (
    EARNINGS_LEGEND,
    ESTIMATE,
    ESTIMATE_LEGEND,
    NEUTRAL,
    NEUTRAL_LEGEND,
    UNKNOWN,
    evidence_legend,
    unknown_legend,
)
from mlchoose.vocab import criteria_of

if TYPE_CHECKING:
    from mlchoose.core.analysis import Tipping, Why
    from mlchoose.core.ranking import Comparison, ProgramResult
    from mlchoose.core.robustness import Robustness

#: A decisive unknown is named only if at least this share of its interval flips the winner.
MIN_CHANCE = 0.01


#: Facts whose row in ``compare`` marks the best value (the core's Comparison.best keys).
BEST_FACTS = {"duration": "duration"}


def _comparison_rows(
    result: Comparison,
) -> list[tuple[str, str | None, Callable[[ProgramResult], str]]]:
    """Rows of ``compare``: label, key of the best-value mark, the cell of one result. The
    registry's ``compare`` facts, with the computed total cost after the prices."""
    rows: list[tuple[str, str | None, Callable[[ProgramResult], str]]] = [
        ("University", None, lambda r: r.program["university"]),
        ("Degree", None, lambda r: r.program["degree"]),
        ("Region", None, lambda r: r.program["region"]),
    ]
    costed = False
    for fact in registry.shown("compare"):
        if fact.section not in ("study", "cost") and not costed:
            # One line each at any width: the figures, then the years they are priced in.
            rows.append(("Total cost", "cost", lambda r: facts.cost_brief(r.cost)))
            rows.append(("Priced in", None, lambda r: ", ".join(r.cost.years) or "-"))
            costed = True
        rows.append(
            (
                fact.label,
                BEST_FACTS.get(fact.name),
                lambda r, fact=fact: _cell(fact, r),  # type: ignore[misc]
            )
        )
    return rows


def _cell(fact: registry.Fact, result: ProgramResult) -> str:
    """A fact side by side: its brief phrase, marked when sources dispute it or it is not a
    statement (the full qualifiers are in 'show')."""
    program = result.program
    text = fact.brief(program) if fact.brief else fact.phrase(program, result.sources)
    doubt = registry.doubt(program, fact.name, result.sources)
    return f"{text} ({doubt})" if doubt and doubt != "likely" else text


def comparison(result: Comparison) -> RenderableType:
    """``compare``: side by side when the programs fit the width, else one block per program;
    then the bars, the winner and a legend of what is shown."""
    return Fitted(lambda width: _comparison(result, width))


def _comparison(result: Comparison, width: int) -> RenderableType:
    ids = [r.program["id"] for r in result.results]
    sections: list[list[tuple[str, str | None, Callable[[ProgramResult], str]]]] = [
        _comparison_rows(result),
        [
            (c, c, lambda r, c=c: facts.score_of(r.scores[c]))  # type: ignore[misc]
            for c in criteria_of(result.weights)
        ],
        [
            ("Total", "total", lambda r: facts.total(r.total)),
            ("Evidence", "coverage", lambda r: facts.percent(r.coverage)),
        ],
    ]

    def cell(label_key: str | None, r: ProgramResult, text: str) -> Text:
        best = result.best.get(label_key or "", frozenset())
        return Text(text + " *", style=BEST_STYLE) if r.program["id"] in best else Text(text)

    labels = [label for rows in sections for label, _, _ in rows]
    cols = [Col("label", "", labels, style="bold")]
    at = labels.index("Total cost")
    for r in result.results:
        cells = [cell(key, r, show(r)) for rows in sections for _, key, show in rows]
        ident = r.program["id"]
        cols.append(Col(ident, ident, cells, wrap=True, least=_one_line(ident, cells, at)))
    style = _side_by_side(cols, width)
    if style is not None:
        cols[0] = cols[0]._replace(wrap=style is COMPARE_TIGHT)
        table, _ = fit(cols, (), width, title="Comparison", **style)
        _sections(table, [len(rows) for rows in sections])
        parts: list[RenderableType] = [table]
        best_note = "* best value in its row."
    else:  # too narrow for the programs side by side: one block each, in the same order
        parts = [Text("Comparison", style="italic")]
        for index, r in enumerate(result.results):
            cells = [cell(key, r, show(r)) for rows in sections for _, key, show in rows]
            block, _ = fit(
                [cols[0], Col("value", "", cells, wrap=True)],
                (),
                width,
                title=ids[index],
                title_justify="left",
                title_style="bold",
                box=None,
                show_header=False,
                padding=(0, 1, 0, 0),
            )
            parts.append(block)
        best_note = "* best value of the programs compared."
    return Group(*parts, *_verdict(result, best_note), *note_lines(result.notes))


#: ``compare``'s table, and the tighter one for many programs (six at 120 columns): one space
#: between columns, the labels wrapped between words.
COMPARE_STYLE: dict[str, Any] = {"box": box.SIMPLE_HEAD, "title_justify": "left"}
COMPARE_TIGHT: dict[str, Any] = {
    "box": box.SIMPLE_HEAD,
    "title_justify": "left",
    "show_edge": False,
    "padding": 0,
}


def _one_line(header: str, cells: Sequence[Text], whole: int) -> int:
    """The narrowest a program's column can be with no word cut and ``cells[whole]`` (the
    cost) on one line."""
    words = [cell_len(word) for cell in cells for word in cell.plain.split()]
    return max(cell_len(header), cell_len(cells[whole].plain), *words)


def _side_by_side(cols: Sequence[Col], width: int) -> dict[str, Any] | None:
    """The table style in which the programs fit side by side, or None (one block each)."""
    if column_widths(cols, width, COMPARE_STYLE) is not None:
        return COMPARE_STYLE
    tight = [cols[0]._replace(wrap=True), *cols[1:]]
    return COMPARE_TIGHT if column_widths(tight, width, COMPARE_TIGHT) is not None else None


def _verdict(result: Comparison, best_note: str) -> list[RenderableType]:
    """Under the comparison: the points bars, the winner and margin, the weights, the legend."""
    winner = result.winner
    name = f"{winner.program['id']} ({winner.program['university']})"
    verdict = Text(f"Winner: {name}", style="bold")
    if result.margin is not None:
        verdict.append(f" by {result.margin:.1f} points")
    cells = [
        facts.score_of(r.scores[c]) for r in result.results for c in criteria_of(result.weights)
    ]
    said = [
        best_note,
        "Scores 0-1 per criterion.",
        *([unknown_legend()] if UNKNOWN in cells else []),
        *([ESTIMATE_LEGEND] if any(c.startswith(ESTIMATE) for c in cells) else []),
        *([NEUTRAL_LEGEND] if NEUTRAL in cells else []),
        evidence_legend("Evidence"),
        *([EARNINGS_LEGEND] if any(r.program["earnings"] for r in result.results) else []),
    ]
    return [bars.comparison(result), verdict, weights_line(result.weights), dim(" ".join(said))]


def _sections(table: Table, sizes: Sequence[int]) -> None:
    """A rule under each section of rows but the last."""
    row = 0
    for size in sizes[:-1]:
        row += size
        table.rows[row - 1].end_section = True


#: The order in which the ``--robust`` table drops columns: the two spreads, the rank (the
#: ranking above has it), the median rank, the 5-95 % range. Program and First stay.
ROBUST_DROP = ("spread", "rank", "median", "span")


def robustness(
    spread: Robustness, width: int, shown: Iterable[str] | None = None
) -> RenderableType:
    """How sure the order is: first-place share, median rank and 5-95 % range per program
    (of the ``shown`` programs; the samples always rank them all)."""
    chosen = None if shown is None else list(shown)
    return Fitted(lambda room: _robustness(spread, room, chosen), width)


def _robustness(spread: Robustness, width: int, shown: Iterable[str] | None) -> RenderableType:
    # Uncertain scores were drawn too (the default; not with --weights-only) when the two
    # spreads were measured.
    drawn_too = any(r.weights_iqr is not None for r in spread.results)
    wanted = None if shown is None else set(shown)
    drawn_what = "samples" if drawn_too else "weight samples"  # the legend says what is drawn
    title = Text(
        f"How sure is the order? {spread.samples:,} {drawn_what}, seed {spread.seed}",
        style="bold",
    )
    rows = [r for r in spread.results if wanted is None or r.program in wanted]
    cols = [
        Col("rank", "#", [str(r.rank) for r in rows], "right"),
        Col("program", "Program", [r.program for r in rows]),
        Col("first", "First", [f"{100 * r.first:.0f}%" for r in rows], "right"),
        Col("median", "Median", [str(r.median) for r in rows], "right"),
        Col(
            "span",
            "5-95 %",
            [str(r.low) if r.low == r.high else f"{r.low}-{r.high}" for r in rows],
            "right",
        ),
    ]
    if drawn_too:
        cols.append(Col("spread", "Spread: weights", [str(r.weights_iqr) for r in rows], "right"))
        cols.append(Col("spread", "data", [str(r.unknowns_iqr) for r in rows], "right"))
    table, dropped = fit(cols, ROBUST_DROP, width, **COMPACT)
    how = (
        f"Weights drawn from a Dirichlet distribution centred on yours (concentration "
        f"{spread.concentration:g}: larger keeps them closer). First: share of samples in which "
        "the program ranks first"
        + ("; Median: its median rank" if "median" not in dropped else "")
        + ("; 5-95 %: the range of its rank in 90 % of samples." if "span" not in dropped else ".")
    )
    parts: list[RenderableType] = [title, table, Text(how, style="dim")]
    if drawn_too:
        spread_said = (
            "; Spread = interquartile range of the rank when only the weights or only the "
            f"uncertain scores vary (over the first {spread.split_samples:,} samples)."
            if "spread" not in dropped
            else "."
        )
        drawn = (
            "Every uncertain score (partial or no evidence) was drawn too, inside its range, "
            "averaging its point (--weights-only keeps the scores fixed)"
        )
        parts.append(dim(drawn + spread_said))
        parts += _settling(spread, "uncertain score")
    return Group(*parts)


def _settling(spread: Robustness, what: str) -> list[RenderableType]:
    """The facts whose value alone would settle the first place, likeliest first (three)."""
    likely = [d for d in spread.decisive if d.chance >= MIN_CHANCE]
    if not likely:
        return [Text(f"No single {what} is likely to change the first place.")]
    lines: list[RenderableType] = []
    for item in likely[:3]:
        direction = "above" if item.new_winner == item.program else "below"
        lines.append(
            Text(
                f"Knowing {item.program}'s {item.criterion} would settle this: a score "
                f"{direction} {item.threshold:.3f} (its range {item.interval[0]:.3f}-"
                f"{item.interval[1]:.3f}) puts {item.new_winner} first.",
                style="yellow",
            )
        )
    return lines


def tipping(found: Tipping, reasons: Why) -> RenderableType:
    """What decides between the first two, and how far each weight or score is from flipping."""
    lead, trail = found.leader, found.trailer
    parts: list[RenderableType] = []
    if reasons.margin is not None:
        said = ", ".join(
            f"{r.criterion} {r.points:+.1f}"
            for r in reasons.reasons
            if abs(r.points) >= facts.SMALL
        )
        text = Text(f"Why {lead} leads {trail} by {reasons.margin:.1f} points: ", style="bold")
        rest = round(reasons.rest, 1)
        text.append(f"{said}" + (f" (the rest {rest:+.1f})" if rest else ""))
        parts.append(text)
        parts += [Text(f"  {r.criterion}: {r.caveat}") for r in reasons.reasons if r.caveat]
    # A neutral region (no preferred region) has no score to tip: its row would say nothing.
    tips = [
        t
        for t in found.tips
        if not (t.criterion == "region" and t.leader_score is None and t.trailer_score is None)
    ]
    cols = [
        Col("criterion", "Criterion", [t.criterion for t in tips]),
        Col("weight", "Weight", [facts.percent(t.weight) for t in tips], "right"),
        Col(
            "flip",
            "Flips at weight",
            ["never" if t.flip_weight is None else f"{100 * t.flip_weight:.1f}%" for t in tips],
            "right",
            wrap=True,
        ),
    ]
    for ident, cells in (
        (lead, [_flip(t.leader_score, t.leader_flip) for t in tips]),
        (trail, [_flip(t.trailer_score, t.trailer_flip) for t in tips]),
    ):
        least = max(cell_len(ident), *(cell_len(c) for c in cells))
        cols.append(Col("scores", f"{ident} score", cells, "right", wrap=True, least=least))

    def table(width: int) -> RenderableType:
        drawn, dropped = fit(
            cols,
            TIPPING_DROP,
            width,
            title=f"Tipping points: {lead} vs {trail}",
            title_justify="left",
            **COMPACT,
        )
        said = (
            "Flips at weight: the weight (others rescaled in proportion) at which the order "
            "turns; never: no weight can turn it."
        )
        if "weight" not in dropped:
            said = "Weight: yours. " + said
        if "scores" not in dropped:
            said += (
                " Scores: now -> the score that alone would tie the two; - where that would "
                "leave 0-1."
            )
        return Group(drawn, dim(said))

    parts.append(Fitted(table))
    return Group(*parts)


#: The order in which the tipping table drops columns: the two programs' scores (together),
#: then the weight. Criterion and the flipping weight stay.
TIPPING_DROP = ("scores", "weight")


def _flip(now: float | None, flip: float | None) -> str:
    return f"{facts.score(now)} -> {'-' if flip is None else f'{flip:.2f}'}"
