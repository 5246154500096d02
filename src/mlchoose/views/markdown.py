"""The one Markdown writer: ``rank --format markdown`` and the shared report (``report --out
x.md``), with one escaping rule and one table layout, so catalog text never turns into markup.

Plain text only: no Rich, no template engine (a Markdown file is written by short-lived runs).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from mlchoose import __version__
from mlchoose.views import facts
from mlchoose.views.labels import HEADINGS, NAMES, SHORT
from mlchoose.views.safe import clean
from mlchoose.views.segments import segments
from mlchoose.views.shortlist import (
    DOMINATED,
    DOMINATED_NOTE,
    ROBUSTNESS_NOTE,
    TITLE,
    UNKNOWN_NOTE,
    Figures,
    heading,
    is_web,
    region_neutral,
    source_keys,
)
from mlchoose.vocab import CRITERIA

if TYPE_CHECKING:
    from mlchoose.core.ranking import ProgramResult, Ranking
    from mlchoose.vocab import Criterion

#: Markdown's markup characters (a table's ``|`` among them): backslashed.
_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]|#!~"} | {"<": "&lt;", ">": "&gt;"})
#: An ``&`` that would start a character reference; a bare one (``A&M``) is already text.
_REFERENCE = re.compile(r"&(?=#?\w+;)")


def escape(text: object) -> str:
    """Text shown as written: no raw HTML, link, image, emphasis, heading or broken table cell;
    newlines fold to spaces and control characters are escaped (views.safe)."""
    return _REFERENCE.sub("&amp;", clean(text)).translate(_SPECIAL)


def autolink(url: str) -> str:
    """An autolink for an http(s) URL (the characters that would end it percent-encoded);
    any other scheme stays text."""
    safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"<{safe}>" if is_web(url) else escape(url)


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A pipe table's lines; cells are Markdown already (escape catalog text first)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def ranking(result: Ranking, dominated: Mapping[str, str] | None = None) -> str:
    """``rank --format markdown``: the ranked table (with the table's dominance mark), the
    weights applied and what the marks mean (notes go to stderr, as beside every machine
    format)."""
    dominated = dominated or {}
    header = ["#", "Program", "University", "Region", "Total", *(HEADINGS[c] for c in CRITERIA)]
    rows = (
        [
            str(r.rank) + (DOMINATED if r.program["id"] in dominated else ""),
            escape(r.program["id"]),
            escape(r.program["university"]),
            escape(r.program["region"]),
            facts.total(r.total),
            *(facts.score_of(s) for s in r.scores.values()),
            facts.percent(r.coverage),
        ]
        for r in result.results
    )
    applied = ", ".join(f"{c} {facts.percent(w)}" for c, w in result.weights.items())
    marked = any(r.program["id"] in dominated for r in result.results)
    lines = [
        *table([*header, "Evidence"], rows),
        "",
        f"Weights applied: {applied}. `?` = unknown: the total counts its stand-in there, "
        "the rule's estimate for no evidence."
        + (" " + escape(facts.NEUTRAL_LEGEND) if region_neutral(result) else ""),
        *(["", escape(DOMINATED_NOTE)] if marked else []),
    ]
    return "\n".join(lines) + "\n"


# --- the report ---------------------------------------------------------------------------------


def _points(result: ProgramResult) -> str:
    return ", ".join(
        f"{p.criterion} {facts.points(p.points, p.stand_in)}" for p in segments(result)
    )


def _scores(result: ProgramResult, weights: Mapping[Criterion, float]) -> Iterator[str]:
    for criterion, item in result.scores.items():
        points = result.contributions[criterion]
        got = facts.points(points, item.score is None)
        if points is not None:
            got += " points"
        yield (
            f"- {NAMES[criterion]}: {facts.score_of(item)} "
            f"(weight {facts.percent(weights[criterion])}, {got})"
        )
        for evidence in item.evidence:
            yield f"  - {escape(evidence.text)}"


def _card(result: ProgramResult, weights: Mapping[Criterion, float]) -> Iterator[str]:
    program = result.program
    yield f"### {result.rank}. {escape(program['name'])}"
    yield ""
    yield (
        f"{escape(program['university'])} · `{program['id']}` · **{facts.total(result.total)}** "
        f"points · evidence {facts.percent(result.coverage)}"
    )
    yield ""
    yield f"- Degree: {escape(program['degree'])}, {escape(program['department'])}"
    yield f"- Place: {escape(program['city'])}, {program['state']} ({program['region']})"
    yield f"- Web: {autolink(program['url'])}"
    yield f"- Delivery: {escape(facts.delivery(program))}"
    yield f"- Duration: {escape(facts.duration(program))}"
    yield f"- Tuition: {escape(facts.tuition(program, result.sources))}"
    yield f"- Total cost: {escape(facts.cost(result.cost))}"
    if program["funding"] is not None:
        yield f"- Funding: {escape(facts.funding(program))}"
    yield f"- Course list: {program['course_list']}; checked {program['checked']}"
    yield from ("", "Scores:", "")
    yield from _scores(result, weights)
    if program["article"] is not None:
        yield from ("", f"The seed article says: {escape(program['article']['claim'])}")
        yield from ("", f"The sources say: {escape(program['article']['correction'])}")
    if program["notes"]:
        yield from ("", "Notes:", "")
        yield from (f"- {escape(n['text'])}" for n in program["notes"])
    yield from ("", "Sources:", "")
    for number, key in enumerate(source_keys(result), start=1):
        source = result.sources[key]
        kind = source.get("kind", "official")
        about = source["year"] + ("" if kind == "official" else f", {kind}")
        yield f"{number}. {autolink(source['url'])} ({escape(about)})"
    yield ""


def _robustness(ranking: Ranking, figures: Figures) -> list[str]:
    rows = []
    for r in ranking.results:
        found = figures.get(r.program["id"])
        cells = (
            ["not computed", "", ""]
            if found is None
            else [facts.percent(found[0]), f"{found[1]:g}", f"{found[2]:g}-{found[3]:g}"]
        )
        rows.append([str(r.rank), r.program["id"], *cells])
    return [
        "## Robustness",
        "",
        escape(ROBUSTNESS_NOTE),
        "",
        *table(["#", "Program", "First", "Median rank", "90% of ranks"], rows),
        "",
    ]


def _ranked(ranking: Ranking, dominated: Mapping[str, str]) -> list[str]:
    header = ["#", "Program", "University", "Total", *(SHORT[c] for c in CRITERIA), "Evidence"]
    rows = (
        [
            str(r.rank) + (DOMINATED if r.program["id"] in dominated else ""),
            f"`{r.program['id']}`",
            escape(r.program["university"]),
            facts.total_range(r.total, r.total_range),
            *(facts.score_of(r.scores[c]) for c in CRITERIA),
            facts.percent(r.coverage),
            escape(facts.cost(r.cost)),
            _points(r),
        ]
        for r in ranking.results
    )
    return table([*header, "Cost", "Points by criterion"], rows)


def report(
    ranking: Ranking,
    *,
    generated: dt.date,
    catalog_version: str,
    robustness: Figures | None = None,
    dominated: Mapping[str, str] | None = None,
) -> str:
    """The report as Markdown: weights, ranked table, robustness, one section per program."""
    dominated = dominated or {}
    lines = [
        f"# {escape(TITLE)}",
        "",
        f"Made on {generated.isoformat()} with mlchoose {__version__} · catalog "
        f"{escape(catalog_version)}. {escape(heading(ranking))}.",
        "",
        "## Weights used",
        "",
        *table(
            ["Criterion", "Weight"],
            ([NAMES[c], facts.percent(w)] for c, w in ranking.weights.items()),
        ),
        "",
        *(line for n in ranking.notes for line in (f"Note: {escape(n)}", "")),
        "## Ranking",
        "",
        *_ranked(ranking, dominated),
        "",
        escape(UNKNOWN_NOTE)
        + " Points marked ~ come from such an average."
        + (" " + escape(facts.NEUTRAL_LEGEND) if region_neutral(ranking) else ""),
        "",
        *([escape(DOMINATED_NOTE), ""] if dominated else []),
    ]
    if robustness is not None:
        lines += _robustness(ranking, robustness)
    lines += ["## Programs", ""]
    for r in ranking.results:
        lines += list(_card(r, ranking.weights))
    return "\n".join(lines).rstrip("\n") + "\n"
