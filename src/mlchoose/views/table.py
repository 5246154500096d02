"""Rich renderables for people: the ranking table, one program's detail, a comparison."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, JustifyMethod, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mlchoose.views import bars, facts
from mlchoose.views.labels import NAMES
from mlchoose.views.labels import TERSE as SHORT
from mlchoose.vocab import CRITERIA, Criterion

if TYPE_CHECKING:
    from mlchoose.core.analysis import Tipping, Why
    from mlchoose.core.coverage import Coverage
    from mlchoose.core.ranking import Comparison, ProgramResult, Ranking
    from mlchoose.core.robustness import Robustness
    from mlchoose.data.models import Program, Source
    from mlchoose.data.profiles import Profile

UNKNOWN_STYLE = "dim"
BEST_STYLE = "bold green"
#: What the score columns, the evidence column and a ``?`` mean; each view says only what it shows.
SCORES_LEGEND = "Scores 0-1: "
UNKNOWN_LEGEND = (
    "? = unknown (no sourced evidence): the total counts the catalog's average score there instead."
)
EVIDENCE_LEGEND = "Evid. = share of the weight that rests on the program's own facts."


def _weights_line(weights: Mapping[Criterion, float]) -> Text:
    parts = ", ".join(f"{c} {facts.percent(w)}" for c, w in weights.items())
    return Text(f"Weights applied: {parts}", style="italic")


def _notes(notes: Iterable[str]) -> list[Text]:
    return [Text(f"Note: {note}", style="yellow") for note in notes]


def _score_cell(value: float | None) -> Text:
    return Text(facts.score(value), style=UNKNOWN_STYLE if value is None else "")


#: Table style that fits a ranking of 20-character ids in 80 columns: one space between cells.
COMPACT: dict[str, Any] = {"box": box.SIMPLE_HEAD, "show_edge": False, "padding": (0, 1, 0, 0)}
#: Narrowest useful bar in the ranking table (a narrower one says little; the column goes first).
RANK_BAR = 16
#: A wrapping column at most this many cells short of its widest line gets them before the
#: others share the room (so a short list such as "on-campus, online" is not wrapped).
SHORT_GAP = 10
#: Narrowest useful column of explanations ("Why"); below it the text moves under the table.
PROSE = 24


# --- tables that fit ---------------------------------------------------------------------------
#
# Every table here is laid out for the width it is printed at. Figures, ids, regions and headers
# never wrap or get cut: a column that holds them is as wide as its widest cell. Columns of
# prose may wrap, but only between words, so never narrower than their longest word. When the
# columns do not fit, whole columns are dropped in each table's documented order (its ``DROP``
# constant), and the table's legend explains only the columns that remain.


class Col(NamedTuple):
    """One column of a table to fit: ``key`` names it in a drop order (columns can share one,
    to go together); ``wrap`` lets its cells break between words; ``least`` overrides the
    narrowest width it can take."""

    key: str
    header: str
    cells: Sequence[RenderableType]
    justify: JustifyMethod = "left"
    wrap: bool = False
    style: str = ""
    least: int | None = None


@functools.cache
def _measuring() -> Console:
    return Console(width=1000, file=io.StringIO(), color_system=None, legacy_windows=False)


def _extent(cell: RenderableType, wrap: bool) -> tuple[int, int]:
    """The narrowest and widest a cell can be without cutting a word (or any of it, unwrapped)."""
    if isinstance(cell, str | Text):
        plain = cell.plain if isinstance(cell, Text) else cell
        lines = plain.split("\n")
        widest = max(cell_len(line) for line in lines)
        words = [cell_len(word) for line in lines for word in line.split()]
        return (max(words, default=0) if wrap else widest), widest
    console = _measuring()
    found = Measurement.get(console, console.options, cell)
    return (found.minimum if wrap else found.maximum), found.maximum


def _extents(col: Col) -> tuple[int, int]:
    least, most = cell_len(col.header), cell_len(col.header)
    for cell in col.cells:
        low, high = _extent(cell, col.wrap)
        least, most = max(least, low), max(most, high)
    if col.least is not None:
        least = col.least
    return least, max(least, most)


def _widths(cols: Sequence[Col], width: int, style: Mapping[str, Any]) -> list[int] | None:
    """Content widths that fit ``width`` (spare room to the wrapping columns), or None."""
    _, right, _, left = Padding.unpack(style.get("padding", (0, 1)))
    pad_edge = style.get("pad_edge", True)
    pads = [
        (left if pad_edge or i else 0) + (right if pad_edge or i < len(cols) - 1 else 0)
        for i in range(len(cols))
    ]
    framed = style.get("box", box.HEAVY_HEAD) is not None
    extra = (2 if framed and style.get("show_edge", True) else 0) + (len(cols) - 1 if framed else 0)
    extents = [_extents(col) for col in cols]
    widths = [least for least, _ in extents]
    spare = width - sum(widths) - sum(pads) - extra
    if spare < 0:
        return None
    # A column a few cells short of its widest line gets them first (a delivery mode unwraps
    # whole); the other wrapping columns then share what is left evenly (a program's name and
    # its university wrap alike).
    gaps = {i: most - widths[i] for i, (_, most) in enumerate(extents) if most > widths[i]}
    for index in sorted(gaps, key=gaps.__getitem__):
        if gaps[index] <= SHORT_GAP and gaps[index] <= spare:
            widths[index] += gaps.pop(index)
            spare = width - sum(widths) - sum(pads) - extra
    while spare > 0 and gaps:
        share = max(1, spare // len(gaps))
        for index in sorted(gaps, key=gaps.__getitem__):
            give = min(gaps[index], share, spare)
            widths[index] += give
            gaps[index] -= give
            spare -= give
        gaps = {i: gap for i, gap in gaps.items() if gap > 0}
    return widths


def fit(
    cols: Sequence[Col], drop: Sequence[str], width: int, **style: Any
) -> tuple[Table, list[str]]:
    """A table of the columns that fit ``width``, dropping whole columns in the order ``drop``
    names them (keys not among the columns are skipped), and the keys it dropped."""
    kept, dropped = list(cols), []
    widths = _widths(kept, width, style)
    for key in drop:
        if widths is not None:
            break
        if any(col.key == key for col in kept):
            kept = [col for col in kept if col.key != key]
            dropped.append(key)
            widths = _widths(kept, width, style)
    if widths is not None:  # a column dropped early may fit again beside those that went later
        for key in reversed(dropped[:-1]):
            trial = [col for col in cols if col.key not in dropped or col.key == key]
            found = _widths(trial, width, style)
            if found is not None:
                kept, widths = trial, found
                dropped.remove(key)
    table = Table(**style)
    for index, col in enumerate(kept):
        table.add_column(
            col.header,
            justify=col.justify,
            style=col.style,
            no_wrap=not col.wrap,
            overflow="fold",
            width=None if widths is None else widths[index],
        )
    rows = max((len(col.cells) for col in kept), default=0)
    for row in range(rows):
        table.add_row(*(col.cells[row] if row < len(col.cells) else "" for col in kept))
    return table, dropped


class Fitted:
    """A Rich renderable built for the width it is printed at (a terminal, a panel, a test)."""

    def __init__(self, build: Callable[[int], RenderableType], width: int | None = None) -> None:
        self.build = build
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width if self.width is None else min(self.width, options.max_width)
        yield self.build(width)


def _dim(text: str) -> Text:
    return Text(text, style="dim")


# --- the ranking -------------------------------------------------------------------------------

#: The order in which ``rank`` drops columns that do not fit (documented in the README):
#: the University (the id names the school), the Region (the Reg score says how well it fits),
#: the default Cost column, the bars, the score columns (least-weighted criterion first), the
#: evidence share, and last the fact columns asked for with ``--facts`` (last asked first).
#: The rank, the program id and the total are always shown.
RANK_DROP = ("university", "region", "cost", "bars", "scores", "evid", "facts")


def _score_drop(weights: Mapping[Criterion, float]) -> list[str]:
    """Score columns, least-weighted first (a tie: the later criterion first)."""
    order = sorted(CRITERIA, key=lambda c: (weights[c], -CRITERIA.index(c)))
    return [f"score:{c}" for c in order]


def ranking(
    result: Ranking,
    width: int,
    fact_columns: Sequence[str] | None = None,
    dominated: Mapping[str, str] | None = None,
) -> RenderableType:
    """The ranked table, laid out for the width it is printed at (at most ``width``).

    ``fact_columns`` (names of facts.FACT_COLUMNS) are kept before the score columns; without
    them the table offers the cost and a bar of the points each criterion adds, room permitting.
    """
    return Fitted(lambda room: _ranking(result, room, fact_columns, dominated or {}), width)


def _ranking(
    result: Ranking,
    width: int,
    fact_columns: Sequence[str] | None,
    dominated: Mapping[str, str],
) -> RenderableType:
    shown = len(result.results)
    noun = "program" if result.size == 1 else "programs"
    title = f"{shown} of {result.size} {noun}" if shown < result.size else f"{shown} {noun}"
    asked = list(fact_columns or [])
    scale = bars.ranking_scale(result.results)
    rows = result.results
    ranges = width >= RANGES
    totals = [facts.total_range(r.total, r.total_range if ranges else None) for r in rows]
    cols = [
        Col(
            "rank",
            "#",
            [str(r.rank) + (DOMINATED if r.program["id"] in dominated else "") for r in rows],
            justify="right",
        ),
        Col("program", "Program", [r.program["id"] for r in rows]),
        Col("university", "University", [r.program["university"] for r in rows]),
        Col("region", "Region", [r.program["region"] for r in rows]),
        Col("total", "Total", totals, justify="right", style="bold"),
    ]
    cols += [
        Col(f"score:{c}", SHORT[c], [_score_cell(r.scores[c].score) for r in rows], "right")
        for c in CRITERIA
    ]
    cols.append(Col("evid", "Evid.", [facts.percent(r.coverage) for r in rows], "right"))
    if fact_columns is None:
        header, text = facts.FACT_COLUMNS["cost"]
        cols.append(Col("cost", header, [text(r) for r in rows], "right", wrap=True))
        cols.append(
            Col(
                "bars",
                "Points by criterion",
                [bars.StackedBar.of(r, scale) for r in rows],
                wrap=True,
                least=RANK_BAR,
            )
        )
    for name in asked:
        header, text = facts.FACT_COLUMNS[name]
        cols.append(Col(f"fact:{name}", header, [text(r) for r in rows], "right", wrap=True))
    drop: list[str] = []
    for key in RANK_DROP:
        if key == "scores":
            drop += _score_drop(result.weights)
        elif key == "facts":
            drop += [f"fact:{name}" for name in reversed(asked)]
        else:
            drop.append(key)
    table, dropped = fit(
        cols, drop, width, title=f"Ranking: {title}", title_justify="left", **COMPACT
    )
    kept = {col.key for col in cols} - set(dropped)
    legend: list[RenderableType] = []
    if "bars" in kept:
        legend.append(bars.Legend(bars.weighted(result.weights), scale))
    left_out = [name for name in asked if f"fact:{name}" in dropped]
    if left_out:
        legend.append(_dim(f"Too narrow for: {', '.join(left_out)} (see --format json)."))
    if any(r.program["id"] in dominated for r in rows):
        legend.append(_dim(DOMINATED_LEGEND))
    legend.append(_weights_line(result.weights))
    scores = [c for c in CRITERIA if f"score:{c}" in kept]
    explained = _columns_legend(
        scores,
        unknown=any(r.scores[c].score is None for r in rows for c in scores),
        evidence="evid" in kept,
        ranges=any("(" in total for total in totals),
    )
    if explained:
        legend.append(_dim(explained))
    return Group(table, *legend, *_notes(result.notes))


def _columns_legend(
    scores: Sequence[Criterion], *, unknown: bool, evidence: bool, ranges: bool = False
) -> str:
    """What the score, evidence and total columns shown mean, and nothing else."""
    parts = []
    if scores:
        parts.append(
            SCORES_LEGEND + ", ".join(f"{SHORT[c]} {NAMES[c].lower()}" for c in scores) + "."
        )
        if unknown:
            parts.append(UNKNOWN_LEGEND)
    if evidence:
        parts.append(EVIDENCE_LEGEND)
    if ranges:
        parts.append(RANGE_LEGEND)
    return " ".join(parts)


class _Citations(facts.Citations):
    """``[n]`` markers for the terminal (with a weaker source's kind) and the sources table;
    with ``verified`` (URL -> (date, status) of the last ``verify``), each source says when."""

    def __init__(
        self, sources: Mapping[str, Source], verified: Mapping[str, tuple[str, str]] | None = None
    ) -> None:
        super().__init__(sources)
        self.verified = verified or {}

    def mark(self, key: str | None) -> str:
        number = self.number(key)
        if number is None or key is None:
            return ""
        kind = self.sources[key].get("kind", "official")
        weaker = f", {kind}" if kind in WEAKER else ""
        return f" [{number}{weaker}]"

    def table(self) -> Table:
        table = Table(title="Sources", box=None, title_justify="left", show_header=False)
        table.add_column(justify="right")
        table.add_column(overflow="fold")
        for number, key in enumerate(self.order, start=1):
            source = self.sources[key]
            kind = source.get("kind", "official")
            label = "" if kind == "official" else f", {kind}"
            text = Text(source["url"], style=f"link {source['url']}")
            text.append(f"  ({source['year']}{label})", style="dim")
            check = self.verified.get(source["url"])
            if check is not None:
                date, status = check
                style = "green" if status == "ok" else "bold red"
                text.append(f"  last verified {date[:10]}: {status}", style=style)
            if "note" in source:
                text.append(f"\n{source['note']}", style="dim")
            table.add_row(f"[{number}]", text)
        return table


#: A decisive unknown is named only if at least this share of its interval flips the winner.
MIN_CHANCE = 0.01
DOMINATED = "†"
#: Terminal width from which the total's range is shown beside it (it needs about 8 columns).
RANGES = 120
DOMINATED_LEGEND = (
    "† dominated for certain: another program's lowest possible score is at or above this one's "
    "highest on every weighted criterion and above on one, so no fact still missing can make it "
    "the better choice with these criteria (--pareto hides them)."
)
RANGE_LEGEND = (
    "Total (low-high): the range the total can still take while facts are partial or unknown."
)
#: Source kinds flagged next to every fact that rests on them.
WEAKER = ("mirror", "secondary")
#: Facts whose notes ``show`` prints under them: they change how a figure reads.
NOTED = ("delivery", "duration", "tuition", "fees", "credits", "terms")


class Verified(NamedTuple):
    """The last ``verify`` of a program: per source URL (date, status); per fact the status
    when it was not ok."""

    sources: Mapping[str, tuple[str, str]]
    facts: Mapping[str, str]


def _fact_rows(
    result: ProgramResult, cite: _Citations, failed: Mapping[str, str] | None = None
) -> list[tuple[str, Text | str]]:
    program = result.program
    failed = failed or {}

    def fact(name: str, text: str) -> str:
        if name in failed:
            text += f"  (last check: {failed[name]})"
        yours = " (yours)" if name in result.overlaid else ""
        return text + _mark(cite, program.get(name)) + yours  # type: ignore[arg-type]

    cost = result.cost
    if cost.known:
        total = facts.cost(cost) + f" = {cost.formula}"
    else:
        total = f"unknown (needs {', '.join(cost.missing)})"
    rows: list[tuple[str, Text | str]] = [
        ("University", program["university"]),
        ("Degree", f"{program['degree']}, {program['department']}"),
        ("Place", f"{program['city']}, {program['state']} ({program['region']})"),
        ("Web", program["url"]),
        ("Checked", program["checked"]),
        ("Study", Text("", style="bold")),
        ("Delivery", fact("delivery", facts.delivery(program))),
        ("Duration", fact("duration", facts.duration(program))),
        ("Terms", fact("terms", facts.terms(program))),
        ("Credits", fact("credits", facts.credits(program))),
        ("Part-time", fact("part_time", facts.part_time(program))),
        ("Starts", fact("start_terms", facts.start_terms(program))),
        ("Thesis", fact("thesis", facts.thesis(program))),
        ("Course list", program["course_list"]),
        ("Cost", Text("", style="bold")),
        ("Tuition", fact("tuition", facts.tuition(program, cite.sources))),
        ("Fees", fact("fees", facts.fees(program))),
        ("Total cost", total),
        *([("Funding", fact("funding", facts.funding(program)))] if program["funding"] else []),
        ("Admission", Text("", style="bold")),
        ("GRE", fact("gre", facts.gre(program))),
        ("Deadline", fact("deadline", facts.deadline(program))),
        ("STEM (OPT)", fact("stem", facts.stem(program))),
        ("Outcomes", fact("outcomes", facts.outcomes(program))),
    ]
    if result.overlaid:
        changed = ", ".join(sorted(result.overlaid))
        files = ", ".join(sorted(set(result.overlaid.values())))
        rows.append(("Yours", Text(f"{changed} from your overlay {files}", style="yellow")))
    for name in NOTED:
        value = program.get(name)
        if isinstance(value, dict) and "note" in value:
            rows.append(("", Text(f"{name}: {value['note']}", style="dim")))
    return rows


def _mark(cite: _Citations, fact: Mapping[str, Any] | None) -> str:
    return "" if fact is None else cite.mark(fact["source"])


#: The order in which ``show``'s score table drops columns: the reasons ("Why", printed under
#: the table instead), the points, the weight. Criterion, score and range stay.
SCORES_DROP = ("why", "points", "weight")


def program_detail(
    result: ProgramResult,
    weights: Mapping[Criterion, float],
    size: int,
    verified: Verified | None = None,
) -> RenderableType:
    """``show``: facts, scores with ranges and evidence, sources; with ``verified`` (the saved
    results of ``verify``), when each source was last checked and which facts failed it."""
    program = result.program
    verified = verified or Verified({}, {})
    cite = _Citations(result.sources, verified.sources)
    head = Text(program["name"], style="bold")
    head.append(f"  ({program['id']}; also: {', '.join(program['aliases']) or '-'})", style="dim")
    info = Table(box=None, show_header=False)
    info.add_column(style="bold")
    info.add_column(overflow="fold")
    for label, value in _fact_rows(result, cite, verified.facts):
        info.add_row(label, value)

    total = Text(f"Total {facts.total_range(result.total, result.total_range)} / 100", style="bold")
    total.append(
        f"  rank {result.rank} of {size}; evidence {facts.percent(result.coverage)}", style=""
    )
    rows: dict[str, list[RenderableType]] = {
        key: [] for key in ("criterion", "score", "range", "weight", "points", "why")
    }
    for criterion, item in result.scores.items():
        why = Text(item.rule)
        for evidence in item.evidence:
            why.append(f"\n- {evidence.text}{cite.mark(evidence.source)}", style="dim")
        contribution = result.contributions[criterion]
        stand_in = result.stand_ins[criterion]
        if item.score is None and contribution is not None and stand_in is not None:
            why.append(f"\ncounted as the catalog average, {stand_in:.2f}", style="italic")
        if item.gap:
            why.append(f"\nopen range: {item.gap}", style="italic")
        span = facts.score_range(item.low, item.high) if weights[criterion] > 0 else "-"
        rows["criterion"].append(criterion)
        rows["score"].append(_score_cell(item.score))
        rows["range"].append(span)
        rows["weight"].append(facts.percent(weights[criterion]))
        rows["points"].append(facts.points(contribution, item.score is None))
        rows["why"].append(why)
    cols = [
        Col("criterion", "Criterion", rows["criterion"], style="bold"),
        Col("score", "Score", rows["score"], "right"),
        Col("range", "Range", rows["range"], "right"),
        Col("weight", "Weight", rows["weight"], "right"),
        Col("points", "Points", rows["points"], "right"),
        Col("why", "Why", rows["why"], wrap=True, least=PROSE),
    ]

    def scores(width: int) -> RenderableType:
        style: dict[str, Any] = {"box": box.SIMPLE_HEAD, "show_edge": False}
        drawn, dropped = fit(
            cols, SCORES_DROP, width, title="Scores", title_justify="left", **style
        )
        if "why" not in dropped:
            return drawn
        below = []
        for criterion, why in zip(rows["criterion"], rows["why"], strict=True):
            text = Text(f"{criterion}: ", style="bold")
            text.append_text(why)  # type: ignore[arg-type]
            below.append(text)
        return Group(drawn, *below)

    parts: list[RenderableType] = [head, info, total, Fitted(scores)]
    claim = program["article"]
    if claim is not None:
        article = Text("The seed article says: ", style="bold")
        article.append(claim["claim"])
        article.append("\nThe sources say: ", style="bold")
        article.append(claim["correction"] + cite.mark(claim["source"]))
        parts.append(article)
    if program["notes"]:
        notes = Text("Notes", style="bold")
        for note in program["notes"]:
            notes.append(f"\n- {note['text']}{cite.mark(note.get('source'))}")
        parts.append(notes)
    parts.append(cite.table())
    return Group(*parts)


#: Rows of ``compare``: label, key of the best-value mark, the cell of one result.
def _comparison_rows(
    result: Comparison,
) -> list[tuple[str, str | None, Callable[[ProgramResult], str]]]:
    rows: list[tuple[str, str | None, Callable[[ProgramResult], str]]] = [
        ("University", None, lambda r: r.program["university"]),
        ("Degree", None, lambda r: r.program["degree"]),
        ("Region", None, lambda r: r.program["region"]),
        ("Delivery", None, lambda r: facts.delivery(r.program)),
        ("Duration", "duration", lambda r: facts.duration(r.program)),
        ("Total cost", "cost", lambda r: facts.cost(r.cost)),
        ("Funding", None, lambda r: facts.funding(r.program)),
        ("Credits", None, lambda r: facts.credits(r.program)),
        ("STEM (OPT)", None, lambda r: facts.stem(r.program)),
        ("GRE", None, lambda r: facts.gre(r.program)),
        ("Deadline", None, lambda r: facts.deadline(r.program)),
        ("Tracks", None, lambda r: facts.tracks(r.program)),
        ("AI research", None, lambda r: facts.faculty(r.program)),
    ]
    return rows


def comparison(result: Comparison) -> RenderableType:
    """``compare``: side by side when the programs fit the width, else one block per program;
    then the bars, the winner and a legend of what is shown."""
    return Fitted(lambda width: _comparison(result, width))


def _comparison(result: Comparison, width: int) -> RenderableType:
    ids = [r.program["id"] for r in result.results]
    sections: list[list[tuple[str, str | None, Callable[[ProgramResult], str]]]] = [
        _comparison_rows(result),
        [(c, c, lambda r, c=c: facts.score(r.scores[c].score)) for c in CRITERIA],  # type: ignore[misc]
        [
            ("Total", "total", lambda r: facts.total(r.total)),
            ("Evidence", "coverage", lambda r: facts.percent(r.coverage)),
        ],
    ]

    def cell(label_key: str | None, r: ProgramResult, text: str) -> Text:
        best = result.best.get(label_key or "", frozenset())
        return Text(text + " *", style=BEST_STYLE) if r.program["id"] in best else Text(text)

    style: dict[str, Any] = {"box": box.SIMPLE_HEAD, "title_justify": "left"}
    labels = [label for rows in sections for label, _, _ in rows]
    cols = [Col("label", "", labels, style="bold")]
    for r in result.results:
        cells = [cell(key, r, show(r)) for rows in sections for _, key, show in rows]
        cols.append(Col(r.program["id"], r.program["id"], cells, wrap=True))
    if _widths(cols, width, style) is not None:
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
    winner = result.winner
    margin = result.margin
    name = f"{winner.program['id']} ({winner.program['university']})"
    verdict = Text(f"Winner: {name}", style="bold")
    if margin is not None:
        verdict.append(f" by {margin:.1f} points")
    unknown = any(r.scores[c].score is None for r in result.results for c in CRITERIA)
    legend = _dim(
        " ".join(
            [
                best_note,
                "Scores 0-1 per criterion.",
                *([UNKNOWN_LEGEND] if unknown else []),
                "Evidence = share of the weight that rests on the program's own facts.",
            ]
        )
    )
    return Group(
        *parts,
        bars.comparison(result),
        verdict,
        _weights_line(result.weights),
        legend,
        *_notes(result.notes),
    )


def _sections(table: Table, sizes: Sequence[int]) -> None:
    """A rule under each section of rows but the last."""
    row = 0
    for size in sizes[:-1]:
        row += size
        table.rows[row - 1].end_section = True


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
        Col("delivery", "Delivery", [facts.delivery(p) for p in programs], wrap=True),
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
    weights = {
        c: [f"{p.weights[c]:.3g} ({facts.percent(p.weights[c] / _total(p))})" for p in found]
        for c in CRITERIA
    }
    cols = [Col("name", "Profile", names)]
    cols += [Col(c, SHORT[c], weights[c], "right") for c in CRITERIA]
    cols.append(Col("why", "Why", whys, wrap=True, least=PROSE))
    if _widths(cols, width, COMPACT) is not None:
        return fit(cols, (), width, **COMPACT)[0]
    lines: list[RenderableType] = []
    if _widths(cols[:-1], width, COMPACT) is not None:
        lines.append(fit(cols[:-1], (), width, **COMPACT)[0])
        blocks = [
            Text.assemble((name, "bold"), ": ", why) for name, why in zip(names, whys, strict=True)
        ]
    else:
        blocks = []
        for index, name in enumerate(names):
            said = ", ".join(f"{c} {weights[c][index]}" for c in CRITERIA)
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
    with_unknowns = bool(spread.intervals)
    wanted = None if shown is None else set(shown)
    title = Text(
        f"How sure is the order? {spread.samples:,} weight samples, seed {spread.seed}",
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
    if with_unknowns:
        cols.append(Col("spread", "Spread: weights", [str(r.weights_iqr) for r in rows], "right"))
        cols.append(Col("spread", "unknowns", [str(r.unknowns_iqr) for r in rows], "right"))
    table, dropped = fit(cols, ROBUST_DROP, width, **COMPACT)
    how = (
        f"Weights drawn from a Dirichlet distribution centred on yours (concentration "
        f"{spread.concentration:g}: larger keeps them closer). First: share of samples in which "
        "the program ranks first"
        + ("; Median: its median rank" if "median" not in dropped else "")
        + ("; 5-95 %: the range of its rank in 90 % of samples." if "span" not in dropped else ".")
    )
    parts: list[RenderableType] = [title, table, Text(how, style="dim")]
    if with_unknowns:
        spread_said = (
            "; Spread = interquartile range of the rank when only the weights or only the "
            "unknown scores vary."
            if "spread" not in dropped
            else "."
        )
        parts.append(
            _dim(
                "Unknown scores were drawn too, each within its criterion's interval around the "
                "catalog average" + spread_said
            )
        )
        likely = [d for d in spread.decisive if d.chance >= MIN_CHANCE]
        for item in likely[:3]:
            direction = "above" if item.new_winner == item.program else "below"
            parts.append(
                Text(
                    f"Knowing {item.program}'s {item.criterion} would settle this: a score "
                    f"{direction} {item.threshold:.3f} (its interval {item.interval[0]:.3f}-"
                    f"{item.interval[1]:.3f}) puts {item.new_winner} first.",
                    style="yellow",
                )
            )
        if not likely:
            parts.append(Text("No single unknown score is likely to change the first place."))
    return Group(*parts)


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
        text.append(f"{said}" + (f" (the rest {reasons.rest:+.1f})" if reasons.rest else ""))
        parts.append(text)
        parts += [Text(f"  {r.criterion}: {r.caveat}") for r in reasons.reasons if r.caveat]
    tips = list(found.tips)
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
        return Group(drawn, _dim(said))

    parts.append(Fitted(table))
    return Group(*parts)


#: The order in which the tipping table drops columns: the two programs' scores (together),
#: then the weight. Criterion and the flipping weight stay.
TIPPING_DROP = ("scores", "weight")


def _flip(now: float | None, flip: float | None) -> str:
    return f"{facts.score(now)} -> {'-' if flip is None else f'{flip:.2f}'}"
