"""``show``: one program's facts with their sources, its scores with ranges and evidence."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mlchoose.data import registry
from mlchoose.views import facts
from mlchoose.views.fit import (
    PROSE,
    Col,
    Fitted,
    fit,
    score_cell,
)
from mlchoose.views.legends import ESTIMATE_LEGEND
from mlchoose.views.safe import clean
from mlchoose.vocab import Criterion

if TYPE_CHECKING:
    from mlchoose.core.ranking import ProgramResult
    from mlchoose.data.models import Program, Source

#: Source kinds flagged next to every fact that rests on them.
WEAKER = ("mirror", "secondary")


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
    ]
    for section, heading in registry.SECTIONS.items():
        shown = registry.shown("show", section)
        if not shown:
            continue
        rows.append((heading, Text("", style="bold")))
        for item in shown:
            if item.only_known and program.get(item.name) is None:
                continue
            text = registry.described(program, item.name, cite.sources)
            rows.append((item.label, fact(item.name, text)))
        if section == "study":
            rows.append(("Course list", program["course_list"]))
        elif section == "cost":
            rows.append(("Total cost", total))
    if result.overlaid:
        changed = ", ".join(sorted(result.overlaid))
        files = ", ".join(sorted(set(result.overlaid.values())))
        rows.append(("Yours", Text(f"{changed} from your overlay {files}", style="yellow")))
    notes: list[tuple[str, Text | str]] = []
    for item in registry.FACTS:
        value = program.get(item.name)
        if item.noted and isinstance(value, dict) and "note" in value:
            notes.append(("", Text(f"{item.label}: {value['note']}", style="dim")))
        for other in value.get("disputed", []) if isinstance(value, dict) else []:
            said = f"{item.label} disputed: {other['says']}{cite.mark(other['source'])}"
            notes.append(("", Text(said, style="yellow")))
    if notes:
        rows.append(("On the facts", Text("", style="bold")))
    return rows + notes


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
    bases: Mapping[str, int] | None = None,
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
    parts: list[RenderableType] = [head, info, total, _scores(result, weights, cite)]
    if bases and any(facts.estimated(s) or s.score is None for s in result.scores.values()):
        rests = "; ".join(f"{what} {n}" for what, n in bases.items())
        parts.append(Text(f"{ESTIMATE_LEGEND} Base rates rest on: {rests}.", style="dim"))
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


def _scores(
    result: ProgramResult, weights: Mapping[Criterion, float], cite: _Citations
) -> RenderableType:
    """The scores table: each criterion's score, range, weight, points and why (the reasons move
    under the table when the terminal is too narrow for them)."""
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
            why.append(
                f"\ncounted as its stand-in, {stand_in:.2f} (what the catalog expects without "
                "evidence: the rule's base rates, or the mean known score)",
                style="italic",
            )
        if item.gap:
            why.append(f"\nopen range: {item.gap}", style="italic")
        span = facts.score_range(item.low, item.high) if weights[criterion] > 0 else "-"
        rows["criterion"].append(criterion)
        rows["score"].append(score_cell(item))
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

    def fitted(width: int) -> RenderableType:
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

    return Fitted(fitted)


# --- show --quotes ---------------------------------------------------------------------------


def quoted(program: Program) -> Iterator[tuple[str, str, str]]:
    """(field, quote, source key) for every fact of the program that carries a quote."""
    for name, value in program.items():
        if isinstance(value, dict) and "quote" in value and "source" in value:
            yield name, value["quote"], value["source"]
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict) and "quote" in item and "source" in item:
                    yield f"{name}.{i}", item["quote"], item["source"]


def quotes_block(program: Program, sources: Mapping[str, Source]) -> RenderableType:
    table = Table(title="Quotes from the cited pages", title_justify="left", box=None)
    table.add_column("Fact", no_wrap=True, style="bold")
    table.add_column("Quote", overflow="fold", ratio=1)
    rows = list(quoted(program))
    for field, quote, key in rows:
        source: Any = sources.get(key, {})
        text = Text(f"“{clean(quote)}”")
        text.append(f"\n{clean(source.get('url', key))}", style="dim")
        table.add_row(clean(field), text)
    if not rows:
        return Text("No fact of this program carries a quote yet.", style="dim")
    return table
