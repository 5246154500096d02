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
from mlchoose.views import columns, facts
from mlchoose.views.labels import NAMES
from mlchoose.views.legends import (
    DOMINATED_LEGEND,
    NEUTRAL_LEGEND,
    ROBUSTNESS_NOTE,
    STAND_IN_LEGEND,
    evidence_legend,
    unknown_legend,
)
from mlchoose.views.safe import clean
from mlchoose.views.shortlist import (
    TITLE,
    Figures,
    card_facts,
    heading,
    is_web,
    region_neutral,
    source_keys,
)
from mlchoose.vocab import criteria_of

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


def _table(
    ranking: Ranking,
    form: columns.Format,
    dominated: Mapping[str, str],
    asked: Sequence[str],
    doubts: Mapping[str, tuple[str, ...]] | None = None,
) -> list[str]:
    """The ranking's pipe table: the declared columns of ``form`` (views.columns)."""
    declared = columns.ranking_columns(
        asked,
        dominated,
        ranges=form == "report",
        criteria=criteria_of(ranking.weights),
        doubts=doubts,
    )
    shown = columns.for_format(declared, form, asked)
    code = {"program"} if form == "report" else set()
    rows = (
        [f"`{col.cell(r)}`" if col.key in code else escape(col.cell(r)) for col in shown]
        for r in ranking.results
    )
    return table([col.header for col in shown], rows)


def ranking(
    result: Ranking, dominated: Mapping[str, str] | None = None, asked: Sequence[str] = ()
) -> str:
    """``rank --format markdown``: the ranked table (with the table's dominance mark and the
    ``--facts`` columns asked for), the weights applied and what the marks mean (notes go to
    stderr, as beside every machine format)."""
    dominated = dominated or {}
    applied = ", ".join(f"{c} {facts.percent(w)}" for c, w in result.weights.items())
    marked = any(r.program["id"] in dominated for r in result.results)
    shown = {r.program["id"] for r in result.results}
    doubts = {i: d for i, d in result.doubts.items() if i in shown} or None
    main = _table(result, "markdown", dominated, asked, doubts) if result.results else []
    if not result.results:
        main = ["No program passes these filters" + (" for certain." if result.could else ".")]
    could = []
    if result.could:
        could = [
            "",
            f"Could pass ({len(result.could)}): a deciding fact is unknown, disputed or only "
            "likely.",
            "",
            *_table(
                result._replace(results=result.could), "markdown", dominated, asked, result.doubts
            ),
        ]
    lines = [
        *main,
        *could,
        "",
        f"Weights applied: {applied}. {unknown_legend('`?`')}"
        + (" " + escape(NEUTRAL_LEGEND) if region_neutral(result) else ""),
        *(["", escape(DOMINATED_LEGEND)] if marked else []),
    ]
    return "\n".join(lines) + "\n"


# --- the report ---------------------------------------------------------------------------------


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
    for fact in card_facts(result):
        text = autolink(fact.text) if fact.link else escape(fact.text)
        yield f"- {escape(fact.label)}: {text}"
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
        *_table(ranking, "report", dominated, ()),
        "",
        escape(
            " ".join(
                [
                    "Scores 0-1.",
                    unknown_legend(),
                    STAND_IN_LEGEND,
                    evidence_legend("Evidence"),
                    *([NEUTRAL_LEGEND] if region_neutral(ranking) else []),
                ]
            )
        ),
        "",
        *([escape(DOMINATED_LEGEND), ""] if dominated else []),
    ]
    if robustness is not None:
        lines += _robustness(ranking, robustness)
    lines += ["## Programs", ""]
    for r in ranking.results:
        lines += list(_card(r, ranking.weights))
    return "\n".join(lines).rstrip("\n") + "\n"
