"""Rich renderables for people: the ranking table, one program's detail, a comparison."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mlchoose.views import bars, facts
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
LEGEND = (
    "Scores 0-1: Curr curriculum, Spec specializations, Fac faculty, Ind industry ties, Reg "
    "region fit. ? = unknown (no sourced evidence): the total counts the catalog's average score "
    "there instead. Evid. = share of the weight that rests on the program's own facts."
)


def _weights_line(weights: Mapping[Criterion, float]) -> Text:
    parts = ", ".join(f"{c} {facts.percent(w)}" for c, w in weights.items())
    return Text(f"Weights applied: {parts}", style="italic")


def _notes(notes: Iterable[str]) -> list[Text]:
    return [Text(f"Note: {note}", style="yellow") for note in notes]


def _score_cell(value: float | None) -> Text:
    return Text(facts.score(value), style=UNKNOWN_STYLE if value is None else "")


#: Table style that fits a ranking of 20-character ids in 80 columns: one space between cells.
COMPACT: dict[str, Any] = {"box": box.SIMPLE_HEAD, "show_edge": False, "padding": (0, 1, 0, 0)}
#: Below this console width the ranking drops the University column (the id names the school).
WIDE = 110
#: Below this width only the total is shown per program; ``show`` has the scores.
NARROW = 72
#: From this console width the ranking adds a bar of the points each criterion contributes...
BARS = 100
#: ... and the University column waits for room beside the bar.
WIDE_WITH_BARS = WIDE + 20
#: ... and, beside a cost column, by about this much more.
COST_WIDTH = 20


def ranking(
    result: Ranking,
    width: int,
    fact_columns: Sequence[str] | None = None,
    dominated: Mapping[str, str] | None = None,
) -> RenderableType:
    """The ranked table; ``fact_columns`` (names of facts.FACT_COLUMNS) default to the cost when
    the terminal is wide."""
    shown = len(result.results)
    noun = "program" if result.size == 1 else "programs"
    title = f"{shown} of {result.size} {noun}" if shown < result.size else f"{shown} {noun}"
    table = Table(title=f"Ranking: {title}", title_justify="left", **COMPACT)
    # Chosen fact columns replace the bars; by default a wide terminal shows the cost.
    with_bars = width >= BARS and fact_columns is None
    if fact_columns is None:
        fact_columns = ["cost"] if width >= WIDE else []
    # About 45 columns go to #, program, total and evidence; a fact column needs about 12.
    room_for = max(1, (width - 45) // 12)
    left_out = list(fact_columns[room_for:])
    extra = [facts.FACT_COLUMNS[name] for name in fact_columns[:room_for]]
    room = WIDE + (WIDE_WITH_BARS - WIDE if with_bars else 0) + (COST_WIDTH if extra else 0)
    wide, narrow = width >= room, width < NARROW
    # Chosen fact columns take the place of the region and score columns ('show' has them).
    compact = narrow or (bool(extra) and not with_bars and fact_columns != ["cost"])
    criteria = () if compact else CRITERIA
    scale = bars.ranking_scale(result.results)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Program", no_wrap=True, min_width=min(20, max(8, width // 4)))
    if wide:
        table.add_column("University", no_wrap=True, overflow="ellipsis", max_width=34)
    if not compact:
        table.add_column("Region", no_wrap=True)
    table.add_column("Total", justify="right", style="bold", no_wrap=True, min_width=5)
    for criterion in criteria:
        table.add_column(SHORT[criterion], justify="right")
    table.add_column("Evid.", justify="right")
    for header, _ in extra:
        table.add_column(header, justify="right", no_wrap=True)
    if with_bars:
        table.add_column("Points by criterion", min_width=bars.MIN_WIDTH)
    for r in result.results:
        table.add_row(
            str(r.rank) + (DOMINATED if r.program["id"] in (dominated or {}) else ""),
            r.program["id"],
            *([r.program["university"]] if wide else []),
            *([] if compact else [r.program["region"]]),
            facts.total_range(r.total, r.total_range if width >= RANGES else None),
            *(_score_cell(r.scores[c].score) for c in criteria),
            facts.percent(r.coverage),
            *(text(r) for _, text in extra),
            *([bars.StackedBar.of(r, scale)] if with_bars else []),
        )
    legend: list[RenderableType] = (
        [bars.Legend(bars.weighted(result.weights), scale)] if with_bars else []
    )
    if left_out:
        legend.append(
            Text(f"Too narrow for: {', '.join(left_out)} (see --format json).", style="dim")
        )
    marked = [r.program["id"] for r in result.results if r.program["id"] in (dominated or {})]
    if marked:
        legend.append(Text(DOMINATED_LEGEND, style="dim"))
    return Group(
        table,
        *legend,
        _weights_line(result.weights),
        Text(LEGEND, style="dim"),
        *_notes(result.notes),
    )


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
    "the better choice with these criteria (--pareto hides them). Total (low-high): the range "
    "the total can still take while facts are partial or unknown."
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
        if not cost.fees_included:
            total += "; fees unknown, not included"
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
    scores = Table(title="Scores", box=box.SIMPLE_HEAD, title_justify="left", show_lines=False)
    scores.add_column("Criterion", style="bold")
    scores.add_column("Score", justify="right")
    scores.add_column("Range", justify="right", no_wrap=True)
    scores.add_column("Weight", justify="right")
    scores.add_column("Points", justify="right")
    scores.add_column("Why", overflow="fold", ratio=1)
    for criterion, item in result.scores.items():
        why = Text(item.rule)
        for evidence in item.evidence:
            why.append(f"\n- {evidence.text}{cite.mark(evidence.source)}", style="dim")
        contribution = result.contributions[criterion]
        stand_in = result.stand_ins[criterion]
        if item.score is None and contribution is not None and stand_in is not None:
            why.append(f"\ncounted as the catalog average, {stand_in:.2f}", style="italic")
        points = facts.points(contribution, item.score is None)
        if item.gap:
            why.append(f"\nopen range: {item.gap}", style="italic")
        span = facts.score_range(item.low, item.high) if weights[criterion] > 0 else "-"
        scores.add_row(
            criterion,
            _score_cell(item.score),
            span,
            facts.percent(weights[criterion]),
            points,
            why,
        )
    parts: list[RenderableType] = [head, info, total, scores]
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


def comparison(result: Comparison) -> RenderableType:
    table = Table(title="Comparison", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("", style="bold")
    for r in result.results:
        table.add_column(r.program["id"], overflow="fold")

    def row(label: str, key: str | None, cells: list[str]) -> None:
        best = result.best.get(key or "", frozenset())
        ids = [r.program["id"] for r in result.results]
        styled = [
            Text(cell + " *", style=BEST_STYLE) if ident in best else Text(cell)
            for cell, ident in zip(cells, ids, strict=True)
        ]
        table.add_row(label, *styled)

    programs = [r.program for r in result.results]
    row("University", None, [p["university"] for p in programs])
    row("Degree", None, [p["degree"] for p in programs])
    row("Region", None, [p["region"] for p in programs])
    row("Delivery", None, [facts.delivery(p) for p in programs])
    row("Duration", "duration", [facts.duration(p) for p in programs])
    row("Total cost", "cost", [facts.cost(r.cost) for r in result.results])
    row("Credits", None, [facts.credits(p) for p in programs])
    row("STEM (OPT)", None, [facts.stem(p) for p in programs])
    row("GRE", None, [facts.gre(p) for p in programs])
    row("Deadline", None, [facts.deadline(p) for p in programs])
    row("Tracks", None, [facts.tracks(p) for p in programs])
    row("AI research", None, [facts.faculty(p) for p in programs])
    table.add_section()
    for criterion in CRITERIA:
        row(criterion, criterion, [facts.score(r.scores[criterion].score) for r in result.results])
    table.add_section()
    row("Total", "total", [facts.total(r.total) for r in result.results])
    row("Evidence", "coverage", [facts.percent(r.coverage) for r in result.results])
    winner = result.winner
    margin = result.margin
    name = f"{winner.program['id']} ({winner.program['university']})"
    verdict = Text(f"Winner: {name}", style="bold")
    if margin is not None:
        verdict.append(f" by {margin:.1f} points")
    legend = Text("* best value in its row. " + LEGEND, style="dim")
    return Group(
        table,
        bars.comparison(result),
        verdict,
        _weights_line(result.weights),
        legend,
        *_notes(result.notes),
    )


def listing(programs: Iterable[Program], width: int) -> RenderableType:
    wide = width >= WIDE
    table = Table(**COMPACT)
    table.add_column("Id", no_wrap=True)
    table.add_column("Aliases", min_width=10)
    table.add_column("Region", no_wrap=True)
    if wide:
        table.add_column("Delivery", min_width=9)
        table.add_column("University", overflow="fold")
    table.add_column("Program", overflow="fold", ratio=2)
    for p in programs:
        extra = [facts.delivery(p), p["university"]] if wide else []
        table.add_row(p["id"], " ".join(p["aliases"]), p["region"], *extra, p["name"])
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
    table = Table(**COMPACT)
    table.add_column("Profile", no_wrap=True)
    for criterion in CRITERIA:
        table.add_column(SHORT[criterion], justify="right")
    table.add_column("Why", overflow="fold", ratio=1)
    for p in found:
        extra = []
        if p.regions:
            extra.append(f"regions: {', '.join(p.regions)}")
        if p.interests:
            extra.append(f"interests: {', '.join(p.interests)}")
        why = "; ".join([p.rationale, *extra]) if p.rationale else "; ".join(extra)
        name = p.name + ("" if p.builtin else " (saved)")
        table.add_row(name, *(f"{p.weights[c]:.3g}" for c in CRITERIA), why)
    return table


def robustness(
    spread: Robustness, width: int, shown: Iterable[str] | None = None
) -> RenderableType:
    """How sure the order is: first-place share, median rank and 5-95 % range per program
    (of the ``shown`` programs; the samples always rank them all)."""
    with_unknowns = bool(spread.intervals)
    wanted = None if shown is None else set(shown)
    title = Text(
        f"How sure is the order? {spread.samples:,} weight samples, seed {spread.seed}",
        style="bold",
    )
    table = Table(**COMPACT)
    table.add_column("#", justify="right")
    table.add_column("Program", no_wrap=True)
    table.add_column("First", justify="right")
    table.add_column("Median", justify="right")
    table.add_column("5-95 %", justify="right")
    if with_unknowns and width >= NARROW:
        table.add_column("Spread: weights", justify="right")
        table.add_column("unknowns", justify="right")
    for r in spread.results:
        if wanted is not None and r.program not in wanted:
            continue
        span = str(r.low) if r.low == r.high else f"{r.low}-{r.high}"
        extra = []
        if with_unknowns and width >= NARROW:
            extra = [str(r.weights_iqr), str(r.unknowns_iqr)]
        table.add_row(str(r.rank), r.program, f"{100 * r.first:.0f}%", str(r.median), span, *extra)
    how = (
        f"Weights drawn from a Dirichlet distribution centred on yours (concentration "
        f"{spread.concentration:g}: larger keeps them closer). First: share of samples in which "
        "the program ranks first; 5-95 %: the range of its rank in 90 % of samples."
    )
    parts: list[RenderableType] = [title, table, Text(how, style="dim")]
    if with_unknowns:
        parts.append(
            Text(
                "Unknown scores were drawn too, each within its criterion's interval around the "
                "catalog average; Spread = interquartile range of the rank when only the weights "
                "or only the unknown scores vary.",
                style="dim",
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
    table = Table(title=f"Tipping points: {lead} vs {trail}", title_justify="left", **COMPACT)
    table.add_column("Criterion")
    table.add_column("Weight", justify="right")
    table.add_column("Flips at weight", justify="right")
    table.add_column(f"{lead} score", justify="right")
    table.add_column(f"{trail} score", justify="right")
    for tip in found.tips:
        flip = "never" if tip.flip_weight is None else f"{100 * tip.flip_weight:.1f}%"
        table.add_row(
            tip.criterion,
            facts.percent(tip.weight),
            flip,
            _flip(tip.leader_score, tip.leader_flip),
            _flip(tip.trailer_score, tip.trailer_flip),
        )
    parts.append(table)
    parts.append(
        Text(
            "Flips at weight: the weight (others rescaled in proportion) at which the order "
            "turns; never: no weight can turn it. Scores: now -> the score that alone would tie "
            "the two; - where that would leave 0-1.",
            style="dim",
        )
    )
    return Group(*parts)


def _flip(now: float | None, flip: float | None) -> str:
    return f"{facts.score(now)} -> {'-' if flip is None else f'{flip:.2f}'}"
